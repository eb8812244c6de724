// SPDX-License-Identifier: MIT

import Glibc
import Synchronization

extension HTTPServer {
    /// Whether the listener speaks TLS.
    public var isTLS: Bool { state.withLock { $0.tlsContext != nil } }

    /// The context new TLS handshakes use, if any.
    public var tlsContext: TLSContext? { state.withLock { $0.tlsContext } }

    /// Makes new handshakes use `context` (certificate reload on SIGHUP). Connections already
    /// accepted keep the context they started with, so none is dropped.
    /// - Returns: `false`, changing nothing, when this server was created without TLS: a plain
    ///   listener is never switched to TLS behind its clients' backs.
    @discardableResult
    public func replaceTLSContext(_ context: TLSContext) -> Bool {
        state.withLock { s in
            guard s.tlsContext != nil else { return false }
            s.tlsContext = context
            return true
        }
    }

    /// Starts a TLS connection task on the loop's executor; the handshake happens in its first read.
    func spawnTLSConnection(fd: Int32, remote: String, context: TLSContext) {
        loop.register(fd)
        let report = onProtocolError
        guard
            let transport = TLSTransport(
                fd: fd, loop: loop, context: context, handshakeTimeout: limits.tlsHandshakeTimeout,
                onHandshakeFailure: { reason, status in
                    report?(HTTPServerEvent(remoteAddress: remote, status: status, reason: reason))
                })
        else {
            loop.deregister(fd)
            close(fd)
            state.withLock { $0.connections -= 1 }
            report?(HTTPServerEvent(remoteAddress: remote, status: .serviceUnavailable, reason: "tls: SSL_new failed"))
            return
        }
        serve(transport, remote: remote)
    }
}
