import CSpawn
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starting child processes with `posix_spawn`, for tests that run the `roster` binary and tools
/// such as `openssl`, `make` or the SMTP sink.
///
/// Why not Foundation's `Process`: on Linux its `run()` scans `/proc/self/fd` to close inherited
/// descriptors and, under AddressSanitizer, reads past a heap buffer while doing so
/// (`findMaximumOpenFromProcSelfFD`); one test run died of that read. Here the child's
/// descriptors above 2 are closed by glibc's `posix_spawn_file_actions_addclosefrom_np`, every
/// pipe is created close-on-exec (so no child inherits another child's pipe and keeps it from
/// seeing end-of-file), and the child starts with every signal at its default disposition and
/// none blocked, whatever the test process ignores or blocks.
public enum Spawn {
    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// This descriptor of the parent, duplicated onto the stream.
        case descriptor(Int32)
    }

    /// A failure to start a child.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed and the `errno` text.
        public let description: String
    }

    /// Starts `executable` (an absolute path) with `arguments`, the given environment (the
    /// current one when nil) and standard streams; returns its pid.
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        standardInput: Stream = .null, standardOutput: Stream = .null, standardError: Stream = .null
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (stream, target) in [(standardInput, Int32(0)), (standardOutput, 1), (standardError, 2)] {
            switch stream {
            case .null:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case .descriptor(let descriptor):
                posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            }
        }
        roster_spawn_addclosefrom(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let environment = environment ?? ProcessInfo.processInfo.environment
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw Failure(description: "posix_spawn \(executable): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// A pipe whose both ends are close-on-exec; the child gets its end through `dup2`, which
    /// clears the flag on the copy only.
    public static func pipe() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard roster_pipe2(&descriptors, O_CLOEXEC) == 0 else {
            throw Failure(description: "pipe2: \(String(cString: strerror(errno)))")
        }
        return (descriptors[0], descriptors[1])
    }

    /// Collects a child's status without blocking: nil while it runs, else its exit code, or
    /// 128 + the signal that ended it (the shell's convention).
    public static func poll(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == 0 { return nil }
            if result == pid { return decode(status) }
            if errno == EINTR { continue }
            return -1  // ECHILD: already collected elsewhere; report an impossible status
        }
    }

    /// Blocks until the child exits; returns its status as ``poll(_:)`` does.
    public static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        return decode(status)
    }

    /// Runs `executable` to completion with stdout and stderr captured together (stdin is
    /// `/dev/null`); returns the status and the output. For short tools (`openssl`, `make`).
    public static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let output = try pipe()
        let pid: pid_t
        do {
            pid = try start(
                executable, arguments, standardOutput: .descriptor(output.write), standardError: .descriptor(output.write))
        } catch {
            close(output.read)
            close(output.write)
            throw error
        }
        close(output.write)
        let text = readToEnd(output.read)
        close(output.read)
        return (waitForExit(pid), String(decoding: text, as: UTF8.self))
    }

    /// Reads `descriptor` until end-of-file.
    public static func readToEnd(_ descriptor: Int32) -> [UInt8] {
        var collected: [UInt8] = []
        readChunks(of: descriptor) { collected.append(contentsOf: $0) }
        return collected
    }

    /// Reads `descriptor` until end-of-file (or an error other than EINTR), handing each chunk
    /// to `body` as it arrives.
    public static func readChunks(of descriptor: Int32, _ body: (ArraySlice<UInt8>) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            body(buffer[0..<count])
        }
    }

    /// `WIFEXITED`/`WEXITSTATUS`/`WTERMSIG`, which are C macros Swift cannot import.
    private static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
