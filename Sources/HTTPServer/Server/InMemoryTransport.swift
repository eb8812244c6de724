// SPDX-License-Identifier: MIT

import Synchronization

/// A scripted ``ByteStreamTransport``: reads return the given chunks in order, then end-of-stream;
/// writes are collected. Used by tests and as the harness for a libFuzzer entry point.
///
/// A final class with its state in a `Mutex`, so a test may inspect ``output`` from another task.
public final class InMemoryTransport: ByteStreamTransport, Sendable {
    private struct State {
        var chunks: [[UInt8]]
        var next = 0
        var output: [UInt8] = []
        var closed = false
    }
    private let state: Mutex<State>

    /// Creates a transport that delivers `chunks` one per read.
    public init(chunks: [[UInt8]]) {
        state = Mutex(State(chunks: chunks))
    }

    /// Creates a transport that delivers `bytes` in one read.
    public convenience init(_ bytes: [UInt8]) { self.init(chunks: [bytes]) }

    /// Everything the connection wrote.
    public var output: [UInt8] { state.withLock { $0.output } }

    /// The output as text.
    public var outputString: String { String(decoding: output, as: UTF8.self) }

    /// Whether ``close()`` was called.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Returns the next chunk, skipping empty ones, or 0 at the end.
    public func read(into buffer: inout [UInt8], phase: ReadPhase, deadline: Deadline) async throws -> Int {
        let chunk = state.withLock { s -> [UInt8]? in
            while s.next < s.chunks.count {
                defer { s.next += 1 }
                if !s.chunks[s.next].isEmpty { return s.chunks[s.next] }
            }
            return nil
        }
        guard let chunk else { return 0 }
        buffer.append(contentsOf: chunk)
        return chunk.count
    }

    /// Records the bytes.
    public func write(_ bytes: [UInt8], deadline: Deadline) async throws {
        state.withLock { $0.output.append(contentsOf: bytes) }
    }

    /// Marks the transport closed.
    public func close() { state.withLock { $0.closed = true } }
}
