// SPDX-License-Identifier: MIT

import Glibc
import Synchronization

/// A task suspended until a descriptor is ready or its deadline passes.
struct Waiter {
    /// Resumed (or failed) by the loop thread when the descriptor is ready or the wait ends.
    let continuation: UnsafeContinuation<Void, any Error>
    /// When the wait fails with a timeout.
    let deadline: Deadline
}

/// Readiness bookkeeping for one connection descriptor.
///
/// Descriptors are registered edge-triggered (`EPOLLET`) once, for both directions: an edge that
/// arrives while nobody waits is remembered in `readReady`/`writeReady`, so no event is lost and no
/// `epoll_ctl` is needed per wait.
struct DescriptorState {
    /// A read edge arrived that no waiter has consumed yet.
    var readReady = false
    /// A write edge arrived that no waiter has consumed yet.
    var writeReady = false
    /// The task waiting to read, if any (at most one per descriptor).
    var reader: Waiter?
    /// The task waiting to write, if any (at most one per descriptor).
    var writer: Waiter?
    /// The reader waits between requests; ``EventLoop/beginDraining()`` may close it.
    var idle = false
    /// Set by force-close: every later wait fails at once.
    var failure: TransportError?
}

/// Everything the loop and the waiting tasks share, guarded by `EventLoop.io`.
struct IOState {
    /// Readiness state of every registered connection descriptor.
    var descriptors: [Int32: DescriptorState] = [:]
    /// Listening sockets and their accept handlers (returning `true` to request a back-off).
    var listeners: [Int32: @Sendable () -> Bool] = [:]
    /// Listeners paused after descriptor exhaustion, with the time to resume polling them.
    var pausedListeners: [Int32: Deadline] = [:]
    /// The earliest waiter deadline (a lower bound; recomputed when it fires).
    var nearestDeadline = Deadline.distantFuture
    /// Set by ``EventLoop/beginDraining()``: idle readers are ended with `.shutdown`.
    var draining = false
    /// Set when the loop is stopping: every later wait fails with `.closed` and the loop exits.
    var stopRequested = false
}

extension EventLoop {
    /// How long a paused listener stays out of the poll set after EMFILE/ENFILE (libuv#315, bun#32705).
    static let acceptBackoff = Duration.milliseconds(100)

    /// Adds a connection descriptor (edge-triggered, both directions, plus peer half-close).
    func register(_ fd: Int32) {
        io.withLock { $0.descriptors[fd] = DescriptorState() }
        Epoll.control(epfd, Epoll.ctlAdd, fd, events: Epoll.in | Epoll.out | Epoll.rdhup | Epoll.edgeTriggered)
    }

    /// Removes a descriptor before its owner closes it, failing any waiter.
    func deregister(_ fd: Int32) {
        let state = io.withLock { $0.descriptors.removeValue(forKey: fd) }
        Epoll.control(epfd, Epoll.ctlDel, fd, events: 0)
        state?.reader?.continuation.resume(throwing: TransportError.closed)
        state?.writer?.continuation.resume(throwing: TransportError.closed)
    }

    /// Adds a listening socket (level-triggered) whose handler accepts on the loop thread.
    func addListener(_ fd: Int32, handler: @escaping @Sendable () -> Bool) {
        io.withLock { $0.listeners[fd] = handler }
        Epoll.control(epfd, Epoll.ctlAdd, fd, events: Epoll.in)
        wake()
    }

    /// Removes a listening socket; the caller closes it afterwards.
    func removeListener(_ fd: Int32) {
        io.withLock {
            $0.listeners[fd] = nil
            $0.pausedListeners[fd] = nil
        }
        Epoll.control(epfd, Epoll.ctlDel, fd, events: 0)
    }

    /// Suspends until `fd` is readable (or hung up), the deadline passes, or the loop fails the wait.
    /// - Parameter idle: the connection is between requests, so draining may end it with `.shutdown`.
    func waitReadable(_ fd: Int32, deadline: Deadline, idle: Bool) async throws {
        try await wait(fd, deadline: deadline, idle: idle, write: false)
    }

    /// Suspends until `fd` is writable, the deadline passes, or the loop fails the wait.
    func waitWritable(_ fd: Int32, deadline: Deadline) async throws {
        try await wait(fd, deadline: deadline, idle: false, write: true)
    }

    /// The shared body of the two waits.
    private func wait(_ fd: Int32, deadline: Deadline, idle: Bool, write: Bool) async throws {
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
            var wakeLoop = false
            let immediate: Result<Void, TransportError>? = io.withLock { s in
                guard var d = s.descriptors[fd], !s.stopRequested else { return .failure(.closed) }
                if let failure = d.failure { return .failure(failure) }
                if write {
                    if d.writeReady {
                        d.writeReady = false
                        s.descriptors[fd] = d
                        return .success(())
                    }
                    d.writer = Waiter(continuation: continuation, deadline: deadline)
                } else {
                    if idle && s.draining { return .failure(.shutdown) }
                    if d.readReady {
                        d.readReady = false
                        s.descriptors[fd] = d
                        return .success(())
                    }
                    d.reader = Waiter(continuation: continuation, deadline: deadline)
                    d.idle = idle
                }
                s.descriptors[fd] = d
                if deadline < s.nearestDeadline {
                    s.nearestDeadline = deadline
                    wakeLoop = true  // only matters if called off the loop thread while it sleeps
                }
                return nil
            }
            if let immediate {
                continuation.resume(with: immediate.mapError { $0 as any Error })
            } else if wakeLoop {
                wake()
            }
        }
    }

    /// Dispatches one epoll event: accept on listeners, wake or flag connection waiters.
    func handle(fd: Int32, events: UInt32) {
        let readable = events & (Epoll.in | Epoll.rdhup | Epoll.hup | Epoll.err) != 0
        let writable = events & (Epoll.out | Epoll.hup | Epoll.err) != 0
        var listener: (@Sendable () -> Bool)?
        let (reader, writer) = io.withLock { s -> (Waiter?, Waiter?) in
            if let l = s.listeners[fd] {
                listener = l
                return (nil, nil)
            }
            guard var d = s.descriptors[fd] else { return (nil, nil) }
            var r: Waiter?, w: Waiter?
            if readable {
                if let reader = d.reader { r = reader; d.reader = nil } else { d.readReady = true }
            }
            if writable {
                if let writer = d.writer { w = writer; d.writer = nil } else { d.writeReady = true }
            }
            s.descriptors[fd] = d
            return (r, w)
        }
        reader?.continuation.resume()
        writer?.continuation.resume()
        if let listener, listener() {
            // Out of descriptors: stop polling this listener for a while instead of spinning on
            // a level-triggered event that accept() cannot clear.
            Epoll.control(epfd, Epoll.ctlDel, fd, events: 0)
            io.withLock { $0.pausedListeners[fd] = Deadline.after(Self.acceptBackoff) }
        }
    }
}
