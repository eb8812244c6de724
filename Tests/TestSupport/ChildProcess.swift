import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A child process with captured stdout and stderr, for live tests of the `roster` binary.
///
/// Started with ``Spawn`` (`posix_spawn`). Output is drained continuously on background threads
/// so a chatty child never blocks on a full pipe. `@unchecked Sendable`: the pid is immutable,
/// and the captured output and the collected exit status sit behind Mutexes.
public final class ChildProcess: @unchecked Sendable {
    /// The child's pid.
    public let pid: pid_t
    private let captured = Mutex<(out: [UInt8], err: [UInt8])>(([], []))
    /// The exit status once collected by `waitpid`; after that the pid may belong to another
    /// process, so no signal is sent to it any more.
    private let exitStatus = Mutex<Int32?>(nil)
    private let readers = DispatchGroup()

    /// Starts `executable` with `arguments` and `environment` added to the current environment.
    public init(_ executable: String = RosterBinary.path, _ arguments: [String], environment: [String: String] = [:])
        throws
    {
        let output = try Spawn.pipe()
        let errors = try Spawn.pipe()
        do {
            pid = try Spawn.start(
                executable, arguments,
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
                standardOutput: .descriptor(output.write), standardError: .descriptor(errors.write))
        } catch {
            [output.read, output.write, errors.read, errors.write].forEach { close($0) }
            throw error
        }
        close(output.write)
        close(errors.write)
        drain(output.read, isStandardError: false)
        drain(errors.read, isStandardError: true)
    }

    private func drain(_ descriptor: Int32, isStandardError: Bool) {
        readers.enter()
        Thread.detachNewThread { [self] in
            Spawn.readChunks(of: descriptor) { chunk in
                captured.withLock { state in
                    if isStandardError {
                        state.err.append(contentsOf: chunk)
                    } else {
                        state.out.append(contentsOf: chunk)
                    }
                }
            }
            close(descriptor)
            readers.leave()
        }
    }

    /// Everything the child wrote to stdout so far.
    public var standardOutput: String { String(decoding: captured.withLock { $0.out }, as: UTF8.self) }

    /// Everything the child wrote to stderr so far.
    public var standardError: String { String(decoding: captured.withLock { $0.err }, as: UTF8.self) }

    /// Whether the child has not exited yet (collects its status when it has).
    public var isRunning: Bool { status == nil }

    /// The exit status (or 128 + signal), nil while the child runs.
    private var status: Int32? {
        exitStatus.withLock { status in
            if status == nil { status = Spawn.poll(pid) }
            return status
        }
    }

    /// Sends `signal` to the child, unless it has already been collected.
    public func send(_ signal: Int32) {
        exitStatus.withLock { status in
            if status == nil { kill(pid, signal) }
        }
    }

    /// Waits for the child to exit, at most `timeout`; kills it with SIGKILL after that.
    /// Returns the exit status (128 + signal when a signal ended it), or nil when it had to be
    /// killed.
    @discardableResult
    public func wait(timeout: Duration = .seconds(30)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status {
                _ = readers.wait(timeout: .now() + 5)
                return status
            }
            if ContinuousClock.now >= deadline { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
        send(SIGKILL)
        while isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        _ = readers.wait(timeout: .now() + 5)
        return nil
    }

    /// Polls stderr until a line contains `fragment`; returns that line, or nil after `timeout`
    /// or when the child exits first.
    public func waitForStandardError(containing fragment: String, timeout: Duration = .seconds(20)) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = standardError.split(separator: "\n").first(where: { $0.contains(fragment) }) {
                return String(line)
            }
            if !isRunning { return nil }
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
