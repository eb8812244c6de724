// SPDX-License-Identifier: MIT

internal import COpenSSL
import Glibc

/// A TLS server connection over a non-blocking socket driven by an ``EventLoop``: the same
/// ``ByteStreamTransport`` contract as ``SocketTransport``, so ``HTTPConnection`` applies the same
/// state machine, limits and clocks to HTTPS as to HTTP.
///
/// OpenSSL reads and writes the descriptor itself (`SSL_set_fd`). A call that cannot progress
/// returns `SSL_ERROR_WANT_READ` or `SSL_ERROR_WANT_WRITE`; the transport then waits for that
/// readiness on the loop and retries the same call (https://docs.openssl.org/3.0/man3/SSL_get_error/).
/// Either direction can be needed by either call: a handshake or a TLS 1.3 key update makes a read
/// write, and a write may have to read. No thread ever blocks on a handshake.
///
/// The handshake runs inside the first read, under the handshake deadline fixed at accept
/// (``HTTPServerLimits/tlsHandshakeTimeout``), so a client that connects and stalls mid-handshake is
/// dropped like a slow header; that read's own clock (the idle timeout) starts after the handshake. Like ``SocketTransport``, one
/// task owns the transport, so it is deliberately not `Sendable`.
final class TLSTransport: ByteStreamTransport {
    /// The accepted, non-blocking socket (owned: closed by ``close()``).
    let fd: Int32
    /// The loop that reports the socket's readiness.
    let loop: EventLoop
    /// The `SSL *`, freed in ``close()``.
    private let ssl: OpaquePointer
    private let handshakeDeadline: Deadline
    /// Told why a handshake failed (protocol errors and timeouts, not silent disconnects).
    private let onHandshakeFailure: (String, HTTPStatus) -> Void
    private var handshakeDone = false
    private let scratch: UnsafeMutableRawBufferPointer
    private var closed = false

    /// Wraps an accepted descriptor already registered with `loop`; nil if OpenSSL cannot allocate
    /// the connection (the caller closes the descriptor).
    init?(
        fd: Int32, loop: EventLoop, context: TLSContext, handshakeTimeout: Duration,
        bufferSize: Int = 16 * 1024, onHandshakeFailure: @escaping (String, HTTPStatus) -> Void
    ) {
        ERR_clear_error()
        guard let ssl = SSL_new(context.context) else {
            ERR_clear_error()
            return nil
        }
        guard SSL_set_fd(ssl, fd) == 1 else {
            ERR_clear_error()
            SSL_free(ssl)
            return nil
        }
        SSL_set_accept_state(ssl)
        self.fd = fd
        self.loop = loop
        self.ssl = ssl
        self.onHandshakeFailure = onHandshakeFailure
        handshakeDeadline = .after(handshakeTimeout)
        scratch = .allocate(byteCount: bufferSize, alignment: 16)
    }

    deinit {
        if !closed { close() }
        scratch.deallocate()
    }

    /// The negotiated protocol, e.g. `TLSv1.3` (after the handshake).
    var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    /// Completes the server handshake under the handshake deadline alone.
    private func handshake(idle: Bool) async throws {
        let limit = handshakeDeadline
        while true {
            ERR_clear_error()
            let rc = SSL_do_handshake(ssl)
            if rc == 1 {
                handshakeDone = true
                return
            }
            let error = SSL_get_error(ssl, rc)
            do {
                switch error {
                case SSL_ERROR_WANT_READ:
                    try await loop.waitReadable(fd, deadline: limit, idle: idle)
                case SSL_ERROR_WANT_WRITE:
                    try await loop.waitWritable(fd, deadline: limit)
                case SSL_ERROR_SSL:
                    // A protocol failure: plaintext HTTP on this port ("http request"), an offered
                    // version below the floor ("unsupported protocol"), no shared cipher, a bad
                    // record. OpenSSL has already sent the alert where TLS allows one; we close.
                    let plaintextHTTP = ERR_GET_REASON(ERR_peek_error()) == SSL_R_HTTP_REQUEST
                    onHandshakeFailure("tls handshake failed: \(TLSError.drainOpenSSLErrors())", .badRequest)
                    await refuse(plaintextHTTP: plaintextHTTP)
                    throw TransportError.closed
                default:
                    // SSL_ERROR_SYSCALL/ZERO_RETURN: the peer reset or left (port scanners, TCP health
                    // checks). Not worth a log line.
                    ERR_clear_error()
                    throw TransportError.closed
                }
            } catch TransportError.timedOut {
                onHandshakeFailure("tls handshake timeout", .requestTimeout)
                throw TransportError.timedOut
            }
        }
    }

    /// A plain-HTTP answer for a plain-HTTP request on the TLS port, as nginx does: the admin who
    /// typed `http://` sees why, instead of a reset. Nothing secret is in it.
    static let plaintextRefusal: [UInt8] = {
        var out: [UInt8] = []
        HTTPResponseEncoder.encode(
            .error(.badRequest, message: "this port speaks HTTPS only; use https://"), isHead: false, close: true,
            into: &out)
        return out
    }()

    /// Ends a failed handshake cleanly: the plaintext 400 if the peer spoke HTTP, then a half-close
    /// and a short drain of what the peer already sent (at most 64 KiB or 1 s), so the kernel sends
    /// FIN rather than RST over unread bytes (RFC 9112 §9.6).
    private func refuse(plaintextHTTP: Bool) async {
        if plaintextHTTP {
            Self.plaintextRefusal.withUnsafeBytes { p in
                _ = send(fd, p.baseAddress, p.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            }
        }
        shutdown(fd, Int32(SHUT_WR))
        let deadline = Deadline.after(.seconds(1))
        var drained = 0
        while drained < 64 * 1024 {
            let n = recv(fd, scratch.baseAddress, scratch.count, Int32(MSG_DONTWAIT))
            if n > 0 {
                drained += n
                continue
            }
            guard n < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else { return }
            do { try await loop.waitReadable(fd, deadline: deadline, idle: false) } catch { return }
        }
    }

    /// Decrypts at least one byte into `buffer`; 0 when the peer sent close_notify or closed the socket.
    func read(into buffer: inout [UInt8], phase: ReadPhase, deadline: Deadline) async throws -> Int {
        var deadline = deadline
        if !handshakeDone {
            // The caller's clock (the idle timeout before a first request) starts once the
            // handshake is done: a slow handshake is the handshake timeout's business.
            let window = deadline.nanoseconds - Deadline.now().nanoseconds
            try await handshake(idle: phase == .idle)
            if deadline != .distantFuture { deadline = Deadline.now() + .nanoseconds(max(window, 0)) }
        }
        while true {
            ERR_clear_error()
            var count = 0
            if SSL_read_ex(ssl, scratch.baseAddress, scratch.count, &count) == 1 {
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
                return count
            }
            switch SSL_get_error(ssl, 0) {
            case SSL_ERROR_WANT_READ:
                try await loop.waitReadable(fd, deadline: deadline, idle: phase == .idle)
            case SSL_ERROR_WANT_WRITE:
                try await loop.waitWritable(fd, deadline: deadline)
            case SSL_ERROR_ZERO_RETURN:
                // close_notify, or (SSL_OP_IGNORE_UNEXPECTED_EOF) a TCP FIN without one.
                return 0
            default:
                // A reset, a bad record MAC, an alert from the peer: the stream is unusable.
                ERR_clear_error()
                throw TransportError.closed
            }
        }
    }

    /// Encrypts and sends all of `bytes`, waiting for readiness as OpenSSL asks.
    func write(_ bytes: [UInt8], deadline: Deadline) async throws {
        if !handshakeDone { try await handshake(idle: false) }
        var offset = 0
        while offset < bytes.count {
            ERR_clear_error()
            var written = 0
            let ok = bytes.withUnsafeBytes { p in
                SSL_write_ex(ssl, p.baseAddress! + offset, p.count - offset, &written)
            }
            if ok == 1 {
                offset += written
                continue
            }
            switch SSL_get_error(ssl, 0) {
            case SSL_ERROR_WANT_WRITE:
                try await loop.waitWritable(fd, deadline: deadline)
            case SSL_ERROR_WANT_READ:
                try await loop.waitReadable(fd, deadline: deadline, idle: false)
            default:
                ERR_clear_error()
                throw TransportError.closed
            }
        }
    }

    /// Sends close_notify (best effort, one non-blocking attempt; RFC 8446 §6.1), then half-closes
    /// TCP. Reading stays possible, so ``HTTPConnection`` can still drain the peer's input.
    func shutdownWrite() {
        if handshakeDone {
            ERR_clear_error()
            _ = SSL_shutdown(ssl)
            ERR_clear_error()
        }
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Frees the `SSL`, deregisters from the loop, then closes the descriptor (`SSL_set_fd` does
    /// not own it).
    func close() {
        guard !closed else { return }
        closed = true
        SSL_free(ssl)
        loop.deregister(fd)
        Glibc.close(fd)
    }
}
