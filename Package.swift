// swift-tools-version: 6.0
// Roster — identity sync agent. No third-party packages: Foundation, Dispatch,
// Synchronization, the toolchain's test libraries, and system C libraries only.
import PackageDescription

/// One settings array applied to every Swift target (style.md §7: one shared list).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Roster",
    products: [
        .executable(name: "roster", targets: ["Agent"])
    ],
    targets: [
        // System-library shims: module map + shim.h with typed wrappers for variadic C calls.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", providers: [.apt(["libssl-dev"])]),

        .target(name: "Crypto", dependencies: ["COpenSSL"], swiftSettings: swiftSettings),
        .target(name: "Core", swiftSettings: swiftSettings),
        .target(name: "SCIM", dependencies: ["Core"], swiftSettings: swiftSettings),
        .target(name: "Store", dependencies: ["Core", "Crypto", "CSQLite"], swiftSettings: swiftSettings),
        .target(name: "HTTPServer", dependencies: ["COpenSSL"], swiftSettings: swiftSettings),
        .target(name: "CurlTransport", dependencies: ["CCurl"], swiftSettings: swiftSettings),
        .target(
            name: "Reconcile",
            dependencies: ["Core", "Store", "CurlTransport", "Crypto"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Receiver",
            dependencies: ["Core", "SCIM", "Store", "HTTPServer", "Crypto"],
            swiftSettings: swiftSettings
        ),
        .target(name: "Report", dependencies: ["Core", "Store", "CurlTransport"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "Agent",
            dependencies: ["Core", "Crypto", "Store", "HTTPServer", "Receiver", "Reconcile", "CurlTransport", "Report"],
            swiftSettings: swiftSettings
        ),

        // Test-only shim: glibc's spawn calls that Swift's Glibc module hides (TestSupport.Spawn).
        .systemLibrary(name: "CSpawn", path: "Tests/CSpawn"),
        .target(
            name: "TestSupport",
            dependencies: ["Core", "Store", "HTTPServer", "Crypto", "COpenSSL", "CSpawn"],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "CoreTests", dependencies: ["Core", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "SCIMTests", dependencies: ["SCIM", "Core"], swiftSettings: swiftSettings),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CurlTransportTests", dependencies: ["CurlTransport", "HTTPServer", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReconcileTests",
            dependencies: ["Reconcile", "CurlTransport", "Core", "Store", "HTTPServer", "TestSupport", "Crypto"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "Crypto", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ReceiverTests",
            dependencies: ["Receiver", "Core", "SCIM", "Store", "HTTPServer", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReportTests", dependencies: ["Report", "Core", "Store", "CurlTransport", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AgentTests", dependencies: ["Agent", "Core", "Crypto", "HTTPServer", "Store", "Reconcile", "Report", "TestSupport"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
