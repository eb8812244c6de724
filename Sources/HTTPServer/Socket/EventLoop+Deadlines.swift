// SPDX-License-Identifier: MIT

import Glibc
import Synchronization

extension EventLoop {
    /// Milliseconds `epoll_wait` may sleep: until the nearest waiter deadline or paused listener.
    func pollTimeout(now: Deadline) -> Int32 {
        let nearest = io.withLock { s -> Deadline in
            var n = s.nearestDeadline
            for (_, until) in s.pausedListeners where until < n { n = until }
            return n
        }
        if nearest == .distantFuture { return 1000 }
        let ns = nearest.nanoseconds - now.nanoseconds
        if ns <= 0 { return 0 }
        // Round up so we never wake just before the deadline and spin.
        return Int32(min((ns + 999_999) / 1_000_000, 1000))
    }

    /// Fails waiters whose deadline passed with `.timedOut`, and resumes paused listeners.
    func fireDeadlines(now: Deadline) {
        var expired: [Waiter] = []
        var resumeListeners: [Int32] = []
        io.withLock { s in
            if !s.pausedListeners.isEmpty {
                for (fd, until) in s.pausedListeners where until <= now { resumeListeners.append(fd) }
                for fd in resumeListeners { s.pausedListeners[fd] = nil }
            }
            guard s.nearestDeadline <= now else { return }
            var nearest = Deadline.distantFuture
            for (fd, var d) in s.descriptors where d.reader != nil || d.writer != nil {
                var changed = false
                if let r = d.reader {
                    if r.deadline <= now {
                        expired.append(r)
                        d.reader = nil
                        changed = true
                    } else if r.deadline < nearest {
                        nearest = r.deadline
                    }
                }
                if let w = d.writer {
                    if w.deadline <= now {
                        expired.append(w)
                        d.writer = nil
                        changed = true
                    } else if w.deadline < nearest {
                        nearest = w.deadline
                    }
                }
                if changed { s.descriptors[fd] = d }
            }
            s.nearestDeadline = nearest
        }
        for fd in resumeListeners {
            Epoll.control(epfd, Epoll.ctlAdd, fd, events: Epoll.in)
        }
        for waiter in expired { waiter.continuation.resume(throwing: TransportError.timedOut) }
    }

    /// Starts draining: idle connections (waiting for a next request) are ended with `.shutdown`,
    /// and any connection that becomes idle later is ended at once.
    func beginDraining() {
        let idle = io.withLock { s -> [Waiter] in
            s.draining = true
            var idle: [Waiter] = []
            for (fd, var d) in s.descriptors where d.idle {
                if let r = d.reader {
                    idle.append(r)
                    d.reader = nil
                    s.descriptors[fd] = d
                }
            }
            return idle
        }
        for waiter in idle { waiter.continuation.resume(throwing: TransportError.shutdown) }
    }

    /// Force-closes every connection: shuts the sockets down (their owners still close them) and
    /// fails all current and future waits.
    func forceCloseAll() {
        failAllWaiters(with: .closed, shutdownSockets: true)
    }

    /// Fails every waiter with `error`, optionally shutting sockets down.
    func failAllWaiters(with error: TransportError, shutdownSockets: Bool = false) {
        let waiters = io.withLock { s -> [Waiter] in
            var all: [Waiter] = []
            for (fd, var d) in s.descriptors {
                if let r = d.reader { all.append(r) }
                if let w = d.writer { all.append(w) }
                d.reader = nil
                d.writer = nil
                d.failure = error
                s.descriptors[fd] = d
                // Safe while holding the lock: an owner removes its descriptor here before closing it,
                // so `fd` cannot have been reused.
                if shutdownSockets { shutdown(fd, Int32(SHUT_RDWR)) }
            }
            return all
        }
        for waiter in waiters { waiter.continuation.resume(throwing: error) }
    }
}
