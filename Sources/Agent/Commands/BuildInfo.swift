import Foundation
import Store

/// What `roster version` reports: this build's version, the schema it migrates to, and how it
/// was built.
enum BuildInfo {
    /// Roster's release version (semantic versioning). Bump it in the release commit.
    static let version = "0.1.0"

    /// The Swift compiler that built this binary, from `#if compiler` (the language mode is
    /// Swift 6 regardless; this is the toolchain).
    static let compiler: String = {
        #if compiler(>=6.3)
            "Swift 6.3 or later"
        #elseif compiler(>=6.2)
            "Swift 6.2"
        #elseif compiler(>=6.1)
            "Swift 6.1"
        #else
            "Swift 6.0"
        #endif
    }()

    /// The build configuration.
    static let configuration: String = {
        #if DEBUG
            "debug"
        #else
            "release"
        #endif
    }()

    /// The operating system and architecture the binary runs on.
    static var platform: String {
        #if arch(x86_64)
            let arch = "x86_64"
        #elseif arch(arm64)
            let arch = "aarch64"
        #else
            let arch = "unknown"
        #endif
        #if os(Linux)
            let os = "Linux"
        #else
            let os = "unknown OS"
        #endif
        return "\(os) \(arch) (\(ProcessInfo.processInfo.operatingSystemVersionString))"
    }
}
