// SPDX-License-Identifier: MIT

/// Which clock a read runs under (RFC 9112 §9.3 persistence; hardening.md §1.6 three clocks).
public enum ReadPhase: Sendable {
    /// Between requests: the keep-alive idle timeout applies and a stopping server may close it.
    case idle
    /// Inside a request head: the header-read deadline applies.
    case head
    /// Inside a request body: the body-read deadline applies.
    case body
}

/// The byte stream a connection is served over: a socket in production, memory in tests and fuzzers.
///
/// Injecting the transport lets tests and libFuzzer drive the production parser and connection state
/// machine without sockets (hyper's `fuzz_request.rs` pattern, hardening.md §1.6–1.7).
///
/// `SendableMetatype`: a connection runs as a task on the event loop, and that task's closure
/// carries the transport's type (SE-0470).
public protocol ByteStreamTransport: SendableMetatype {
    /// Appends at least one received byte to `buffer` and returns how many; 0 means end of stream.
    /// - Throws: ``TransportError/timedOut`` when `deadline` passes, ``TransportError/shutdown`` when the
    ///   server stops while `phase` is `.idle`, or another ``TransportError``.
    func read(into buffer: inout [UInt8], phase: ReadPhase, deadline: Deadline) async throws -> Int
    /// Writes all of `bytes` or throws.
    func write(_ bytes: [UInt8], deadline: Deadline) async throws
    /// Half-closes the sending side so the peer sees end-of-stream while we drain its input.
    func shutdownWrite()
    /// Releases the stream; called exactly once, at the end of the connection.
    func close()
}

extension ByteStreamTransport {
    /// Default: nothing to half-close.
    public func shutdownWrite() {}
}
