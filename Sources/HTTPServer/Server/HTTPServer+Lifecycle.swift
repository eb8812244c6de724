// SPDX-License-Identifier: MIT

import Glibc
import Synchronization

extension HTTPServer {
    /// Stops gracefully; idempotent, callable from any task. Returns when every connection has closed,
    /// or right after the grace period forced the rest closed.
    public func stop() async {
        let (first, listeners) = state.withLock { s -> (Bool, [Int32]) in
            switch s.phase {
            case .idle:
                s.phase = .stopped
                return (false, [])
            case .running:
                s.phase = .stopping
                defer { s.listeners = [] }
                return (true, s.listeners)
            case .stopping, .stopped:
                return (false, [])
            }
        }
        guard first else {
            await waitUntilStopped()
            return
        }
        draining.store(true, ordering: .releasing)
        // Removing a listener from another thread is safe (epoll_ctl is); closing it after removal means
        // the loop cannot accept on a reused descriptor number.
        for fd in listeners {
            loop.removeListener(fd)
            close(fd)
        }
        loop.beginDraining()
        let graceEnd = Deadline.after(limits.shutdownGracePeriod)
        while connectionCount > 0 && Deadline.now() < graceEnd {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if connectionCount > 0 {
            loop.forceCloseAll()
            // Owners close their sockets as soon as they observe the failure; a handler that never
            // returns cannot be waited for, so this wait is bounded too.
            let end = Deadline.after(.milliseconds(500))
            while connectionCount > 0 && Deadline.now() < end {
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        loop.requestStop()
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.phase = .stopped
            defer { s.stopWaiters = [] }
            return s.stopWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// A canned 503 for connections over the cap, written without waiting (RFC 9110 §15.6.4).
    static let overloadResponse: [UInt8] = {
        var out: [UInt8] = []
        HTTPResponseEncoder.encode(
            .error(.serviceUnavailable, message: "too many connections"), isHead: false, close: true, into: &out)
        return out
    }()

    /// Accepts every pending connection (runs on the loop thread). Returns `true` to ask the loop to
    /// pause this listener because the process is out of descriptors.
    func acceptPending(on listener: Int32) -> Bool {
        for _ in 0..<128 {
            switch Socket.accept(listener) {
            case .wouldBlock:
                return false
            case .exhausted:
                return true
            case .retry:
                continue
            case .connection(let fd, let remote):
                let (admitted, tls) = state.withLock { s -> (Bool, TLSContext?) in
                    guard s.phase == .running, s.connections < limits.maxConnections else { return (false, s.tlsContext) }
                    s.connections += 1
                    return (true, s.tlsContext)
                }
                guard admitted else {
                    reject(fd, remote: remote, plaintext: tls == nil)
                    continue
                }
                if let tls {
                    spawnTLSConnection(fd: fd, remote: remote, context: tls)
                } else {
                    spawnConnection(fd: fd, remote: remote)
                }
            }
        }
        return false
    }

    /// Answers 503 best-effort (one non-blocking send) and closes at once. On a TLS listener
    /// (`plaintext` false) nothing is sent: plaintext would be garbage to a TLS client, and a
    /// handshake is exactly the work an overloaded server must not take on.
    func reject(_ fd: Int32, remote: String, plaintext: Bool = true) {
        if plaintext {
            Self.overloadResponse.withUnsafeBytes { p in
                _ = send(fd, p.baseAddress, p.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            }
        }
        shutdown(fd, Int32(SHUT_WR))
        close(fd)
        onProtocolError?(HTTPServerEvent(remoteAddress: remote, status: .serviceUnavailable, reason: "connection limit"))
    }

    /// Runs the connection state machine over `transport` (plain or TLS) as a task on the loop's
    /// executor, releasing its slot under the connection cap when it ends.
    func serve<Transport: ByteStreamTransport>(_ transport: sending Transport, remote: String) {
        let connection = HTTPConnection(
            transport: transport,
            limits: limits,
            responder: responder,
            remoteAddress: remote,
            isDraining: { [self] in self.draining.load(ordering: .acquiring) },
            onProtocolError: onProtocolError
        )
        Task(executorPreference: loop) { [self] in
            await connection.run()
            self.state.withLock { $0.connections -= 1 }
        }
    }

    /// Starts the connection task on the loop's executor.
    func spawnConnection(fd: Int32, remote: String) {
        loop.register(fd)
        let transport = SocketTransport(fd: fd, loop: loop)
        serve(transport, remote: remote)
    }
}
