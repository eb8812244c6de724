import Foundation
import Synchronization

/// Where a command's normal output (stdout) and diagnostics (stderr) go, injectable so tests can
/// run commands in-process and read what they printed.
public protocol OutputSink: Sendable {
    /// Writes `text` to standard output.
    func out(_ text: String)
    /// Writes `text` to standard error.
    func err(_ text: String)
}

/// The process's real stdout and stderr.
public struct StandardOutput: OutputSink {
    /// Creates the sink.
    public init() {}
    /// Writes to stdout.
    public func out(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    /// Writes to stderr.
    public func err(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}

/// Captures output in memory, for tests.
public final class CapturedOutput: OutputSink {
    private let buffers = Mutex<(out: String, err: String)>(("", ""))
    /// Creates an empty capture.
    public init() {}
    /// Appends to the captured stdout.
    public func out(_ text: String) { buffers.withLock { $0.out += text } }
    /// Appends to the captured stderr.
    public func err(_ text: String) { buffers.withLock { $0.err += text } }
    /// Everything written to stdout.
    public var standardOutput: String { buffers.withLock { $0.out } }
    /// Everything written to stderr.
    public var standardError: String { buffers.withLock { $0.err } }
}
