import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A child process with captured stdout and stderr, for live tests of the `roster` binary.
///
/// Output is drained continuously on background threads so a chatty child never blocks on a
/// full pipe. `@unchecked Sendable`: `Process` is only touched through its thread-safe
/// `processIdentifier`/`terminate` and `waitUntilExit`, and captured output sits behind a Mutex.
public final class ChildProcess: @unchecked Sendable {
    private let process = Process()
    private let captured = Mutex<(out: [UInt8], err: [UInt8])>(([], []))
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()
    private let readers = DispatchGroup()

    /// Starts `executable` with `arguments` and `environment` added to the current environment.
    public init(_ executable: String = RosterBinary.path, _ arguments: [String], environment: [String: String] = [:])
        throws
    {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        drain(stdoutPipe.fileHandleForReading, isStandardError: false)
        drain(stderrPipe.fileHandleForReading, isStandardError: true)
    }

    private func drain(_ handle: FileHandle, isStandardError: Bool) {
        readers.enter()
        Thread.detachNewThread { [self] in
            let descriptor = handle.fileDescriptor
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                captured.withLock { state in
                    if isStandardError {
                        state.err.append(contentsOf: buffer[0..<count])
                    } else {
                        state.out.append(contentsOf: buffer[0..<count])
                    }
                }
            }
            readers.leave()
        }
    }

    /// The child's pid.
    public var pid: Int32 { process.processIdentifier }

    /// Everything the child wrote to stdout so far.
    public var standardOutput: String { String(decoding: captured.withLock { $0.out }, as: UTF8.self) }

    /// Everything the child wrote to stderr so far.
    public var standardError: String { String(decoding: captured.withLock { $0.err }, as: UTF8.self) }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the child to exit, at most `timeout`; kills it with SIGKILL after that.
    /// Returns the exit status, or nil when it had to be killed.
    @discardableResult
    public func wait(timeout: Duration = .seconds(30)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                send(SIGKILL)
                process.waitUntilExit()
                _ = readers.wait(timeout: .now() + 5)
                return nil
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        _ = readers.wait(timeout: .now() + 5)
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }

    /// Polls stderr until a line contains `fragment`; returns that line, or nil after `timeout`
    /// or when the child exits first.
    public func waitForStandardError(containing fragment: String, timeout: Duration = .seconds(20)) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = standardError.split(separator: "\n").first(where: { $0.contains(fragment) }) {
                return String(line)
            }
            if !process.isRunning { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    /// Runs `roster` with `arguments` to completion and returns (exit status, stdout, stderr).
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(60)
    ) async throws -> (status: Int32?, out: String, err: String) {
        let child = try ChildProcess(RosterBinary.path, arguments, environment: environment)
        let status = await child.wait(timeout: timeout)
        return (status, child.standardOutput, child.standardError)
    }
}
