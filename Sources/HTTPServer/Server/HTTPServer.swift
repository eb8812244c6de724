// SPDX-License-Identifier: MIT

import Glibc
import Synchronization

/// An HTTP/1.1 server on non-blocking POSIX sockets with an epoll loop on its own thread.
///
/// Each accepted connection is served by one task whose executor preference is the loop, so parsing,
/// the responder and the socket I/O run on the loop thread without per-request thread hops; a
/// responder that needs other isolation simply hops away and back.
///
/// Lifecycle: ``start()`` binds and starts accepting; ``stop()`` stops accepting, closes idle
/// connections, lets in-flight requests finish (answered with `Connection: close`), and force-closes
/// whatever remains after ``HTTPServerLimits/shutdownGracePeriod``. Signal handling is the caller's.
public final class HTTPServer: Sendable {
    /// The lifecycle, re-checked under the lock at every transition.
    enum Phase: Sendable {
        case idle, running, stopping, stopped
    }
    /// Mutable server state, guarded by ``state``.
    struct State: Sendable {
        /// Where in the lifecycle the server is.
        var phase = Phase.idle
        /// Listening descriptors, closed by ``HTTPServer/stop()``.
        var listeners: [Int32] = []
        /// Open connections, compared with ``HTTPServerLimits/maxConnections`` on accept.
        var connections = 0
        /// Callers of ``HTTPServer/waitUntilStopped()``.
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
        /// The TLS context new connections handshake with; nil for plain HTTP. Replaced by
        /// ``HTTPServer/replaceTLSContext(_:)``.
        var tlsContext: TLSContext?
    }

    /// The address to listen on, numeric or a name.
    let host: String
    /// The TCP port to listen on; 0 picks a free one.
    let port: UInt16
    /// Size limits, timeouts and the connection cap applied by every connection.
    let limits: HTTPServerLimits
    /// Answers every request on every connection.
    let responder: any HTTPResponder
    /// Called on the loop thread for every error a connection answers by itself.
    let onProtocolError: (@Sendable (HTTPServerEvent) -> Void)?
    /// The lifecycle, listeners, connection count and TLS context, behind one lock.
    let state = Mutex(State())
    /// Read on every response, so kept outside the state lock.
    let draining = Atomic<Bool>(false)
    /// The epoll loop whose thread runs accepts, connection tasks and socket I/O.
    let loop: EventLoop

    /// Creates a server; nothing is bound until ``start()``.
    /// - Parameters:
    ///   - host: a numeric IPv4/IPv6 address or a name (`"127.0.0.1"`, `"::"`, `"localhost"`).
    ///   - port: the TCP port; 0 picks a free one (see the return value of ``start()``).
    ///   - tls: when given, the listener speaks only TLS (HTTPS) with this context.
    ///   - onProtocolError: called (on the loop thread; keep it quick) for every error the server
    ///     answered itself, so the caller can log it.
    public init(
        host: String,
        port: UInt16,
        limits: HTTPServerLimits = .init(),
        tls: TLSContext? = nil,
        responder: any HTTPResponder,
        onProtocolError: (@Sendable (HTTPServerEvent) -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.responder = responder
        self.onProtocolError = onProtocolError
        state.withLock { $0.tlsContext = tls }
        // epoll_create1/eventfd only fail when out of descriptors; start() reports it.
        self.loop = EventLoop()
    }

    /// Binds, listens and starts the loop.
    /// - Returns: the bound port (useful with port 0).
    /// - Throws: ``SocketError`` with the errno text, e.g. `Address already in use`.
    public func start() async throws -> UInt16 {
        _ = Socket.ignoreSIGPIPE
        if let error = loop.setupError { throw error }
        let (fd, boundPort) = try Socket.listen(host: host, port: port)
        let started = state.withLock { s -> Bool in
            guard s.phase == .idle else { return false }
            s.phase = .running
            s.listeners = [fd]
            return true
        }
        guard started else {
            close(fd)
            throw SocketError(operation: "start (server already started)", code: EINVAL)
        }
        loop.start(name: "http-loop:\(boundPort)")
        loop.addListener(fd) { [self] in self.acceptPending(on: fd) }
        return boundPort
    }

    /// Waits until a ``stop()`` has completed; returns at once if the server never started.
    public func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { s -> Bool in
                if s.phase == .idle || s.phase == .stopped { return true }
                s.stopWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// The number of open connections (for tests and metrics).
    public var connectionCount: Int { state.withLock { $0.connections } }
}
