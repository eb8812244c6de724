import Core
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Where finished log lines go.
public protocol LogSink: Sendable {
    /// Accepts one complete line (without the trailing newline).
    func write(line: [UInt8])
    /// Blocks until every accepted line has been written.
    func flush()
}

/// Writes lines to a file descriptor (stderr by default) from a background queue, in batches.
///
/// A request handler only appends to an in-memory buffer under a short lock; the first line of
/// a batch schedules one write on a serial queue a few milliseconds later, which takes the whole
/// buffer. So request threads never make a `write(2)` call themselves, and a burst of lines
/// costs one wake-up and one syscall instead of one per line.
public final class FileDescriptorLogSink: LogSink {
    private let fileDescriptor: Int32
    private let pending = Mutex<[UInt8]>([])
    private let queue = DispatchQueue(label: "roster.log-writer")
    /// How long a batch gathers lines before it is written.
    static let batchDelay = DispatchTimeInterval.milliseconds(5)

    /// Creates a sink writing to `fileDescriptor` (not closed by the sink).
    public init(fileDescriptor: Int32 = 2) {
        self.fileDescriptor = fileDescriptor
    }

    /// Appends `line` and a newline; schedules a write if this starts a new batch.
    public func write(line: [UInt8]) {
        let startsBatch = pending.withLock { buffer -> Bool in
            let wasEmpty = buffer.isEmpty
            buffer.append(contentsOf: line)
            buffer.append(UInt8(ascii: "\n"))
            return wasEmpty
        }
        if startsBatch { queue.asyncAfter(deadline: .now() + Self.batchDelay) { self.drain() } }
    }

    /// Waits for queued writes and writes anything still buffered.
    public func flush() {
        queue.sync { self.drain() }
    }

    private func drain() {
        // Woken every few milliseconds under load: it must not preempt the event loop.
        ThreadScheduling.deferWakeupsToRunningThreads()
        let batch = pending.withLock { buffer -> [UInt8] in
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        batch.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // stderr is gone; nothing sensible to do with a log line
                }
                offset += written
            }
        }
    }
}

/// Keeps lines in memory, for tests.
public final class MemoryLogSink: LogSink {
    private let lines = Mutex<[String]>([])

    /// Creates an empty sink.
    public init() {}

    /// Stores the line.
    public func write(line: [UInt8]) {
        let text = String(decoding: line, as: UTF8.self)
        lines.withLock { $0.append(text) }
    }

    /// Nothing to flush.
    public func flush() {}

    /// Every line written so far.
    public var recorded: [String] { lines.withLock { $0 } }
}
