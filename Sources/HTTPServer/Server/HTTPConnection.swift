// SPDX-License-Identifier: MIT

/// Serves HTTP/1.1 requests over one byte stream: the connection state machine.
///
/// Reads feed an ``HTTPRequestDecoder``; each complete request goes to the responder and its response
/// is queued; responses to pipelined requests are answered strictly in order (RFC 9112 §9.3.2) and
/// flushed together when the decoder runs out of buffered input. One task owns a connection, so the
/// class needs no locking and is deliberately not `Sendable`.
///
/// A fuzz harness can drive it without sockets:
/// ```swift
/// let t = InMemoryTransport(Array(data))
/// await HTTPConnection(transport: t, responder: ClosureResponder { _ in .init(status: .ok) }).run()
/// ```
public final class HTTPConnection<Transport: ByteStreamTransport> {
    /// The byte stream the connection reads from and writes to.
    let transport: Transport
    /// Size limits and timeouts applied to every request on this connection.
    let limits: HTTPServerLimits
    /// Answers each complete request.
    let responder: any HTTPResponder
    /// The peer's address, when known; copied into each request.
    let remoteAddress: String?
    /// Polled before each response; `true` makes it the last one (`Connection: close`).
    let isDraining: @Sendable () -> Bool
    /// Told about every error the connection answers by itself (bad framing, limits, timeouts).
    let onProtocolError: (@Sendable (HTTPServerEvent) -> Void)?
    /// Parses requests from the bytes read so far; its buffer is the read buffer.
    var decoder: HTTPRequestDecoder
    /// Encoded responses waiting to be written, so pipelined responses go out in one write.
    var output: [UInt8] = []

    /// Creates a connection.
    /// - Parameters:
    ///   - isDraining: polled before each response; `true` makes it the last one (`Connection: close`).
    ///   - onProtocolError: told about every error the connection answers by itself.
    public init(
        transport: Transport,
        limits: HTTPServerLimits = .init(),
        responder: any HTTPResponder,
        remoteAddress: String? = nil,
        isDraining: @escaping @Sendable () -> Bool = { false },
        onProtocolError: (@Sendable (HTTPServerEvent) -> Void)? = nil
    ) {
        self.transport = transport
        self.limits = limits
        self.responder = responder
        self.remoteAddress = remoteAddress
        self.isDraining = isDraining
        self.onProtocolError = onProtocolError
        decoder = HTTPRequestDecoder(limits: limits, remoteAddress: remoteAddress)
        output.reserveCapacity(1024)
    }

    /// Serves requests until the peer leaves, an error closes the connection, or the server drains;
    /// always closes the transport before returning.
    public func run() async {
        defer { transport.close() }
        var headDeadline: Deadline?
        var bodyDeadline = Deadline.distantFuture
        while true {
            switch decoder.next() {
            case .needMore:
                if !output.isEmpty {
                    guard await flush() else { return }
                }
                let phase: ReadPhase
                let deadline: Deadline
                if decoder.isReadingBody {
                    phase = .body
                    deadline = bodyDeadline
                } else if decoder.hasPartialMessage {
                    phase = .head
                    if headDeadline == nil { headDeadline = .after(limits.headerReadTimeout) }
                    deadline = headDeadline!
                } else {
                    phase = .idle
                    deadline = .after(limits.idleTimeout)
                }
                let count: Int
                do {
                    count = try await transport.read(into: &decoder.buffer, phase: phase, deadline: deadline)
                } catch TransportError.timedOut {
                    // RFC 9110 §15.5.9: 408 tells the client we closed an unused connection on purpose;
                    // an idle keep-alive connection is closed silently (RFC 9112 §9.5).
                    if phase != .idle {
                        let what = phase == .head ? "header read timeout" : "body read timeout"
                        await fail(HTTPParseError(.requestTimeout, what))
                    }
                    return
                } catch {
                    return
                }
                if count == 0 { return }  // peer closed; an incomplete request is simply dropped
                if phase == .idle { headDeadline = .after(limits.headerReadTimeout) }
            case .head(let head):
                headDeadline = nil
                bodyDeadline = .after(limits.bodyReadTimeout)
                // RFC 9110 §10.1.1: answer 100 only when we are about to read the body (a too-large body
                // was already refused with 413 by the decoder).
                if head.expectsContinue {
                    output.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
                    guard await flush() else { return }
                }
            case .message(let request, let keepAlive):
                headDeadline = nil
                let isHead = request.method == .head
                let isHTTP10 = request.version == "HTTP/1.0"
                let response = await responder.respond(to: request)
                let close = !keepAlive || isDraining()
                HTTPResponseEncoder.encode(
                    response, isHead: isHead, close: close, keepAliveHTTP10: isHTTP10 && !close, into: &output)
                if close {
                    guard await flush() else { return }
                    await lingeringClose()
                    return
                }
            case .error(let error):
                await fail(error)
                return
            }
        }
    }

    /// Answers a protocol error with the JSON error body and `Connection: close`, then closes.
    func fail(_ error: HTTPParseError) async {
        onProtocolError?(HTTPServerEvent(remoteAddress: remoteAddress, status: error.status, reason: error.reason))
        HTTPResponseEncoder.encode(.error(error.status, message: error.reason), isHead: false, close: true, into: &output)
        guard await flush() else { return }
        await lingeringClose()
    }

    /// Writes queued output; `false` if the peer is gone.
    func flush() async -> Bool {
        // Written from `output` itself and emptied afterwards, when no other reference to its
        // buffer is left: emptying a buffer that a copy still shares would allocate a fresh one of
        // the same capacity on every response (a large-bin malloc, which makes glibc consolidate
        // its fast bins each time). Nothing appends to `output` while the write is pending: the
        // connection's single task is awaiting it here.
        defer { output.removeAll(keepingCapacity: true) }
        do {
            try await transport.write(output, deadline: .after(limits.writeTimeout))
            return true
        } catch {
            return false
        }
    }

    /// Half-closes, then discards input briefly before closing, so unread request bytes do not make the
    /// kernel send RST and destroy the response we just wrote (RFC 9112 §9.6 "close in stages").
    func lingeringClose() async {
        transport.shutdownWrite()
        let deadline = Deadline.after(.seconds(1))
        var sink: [UInt8] = []
        var discarded = 0
        while discarded < limits.maxBodyBytes + 64 * 1024 {
            sink.removeAll(keepingCapacity: true)
            guard let n = try? await transport.read(into: &sink, phase: .body, deadline: deadline), n > 0 else {
                return
            }
            discarded += n
        }
    }
}
