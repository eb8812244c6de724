// SPDX-License-Identifier: MIT

import Dispatch
import Foundation
import Glibc
import Synchronization

/// One epoll readiness loop on a dedicated thread that is also a `TaskExecutor`.
///
/// Connection tasks are started with this loop as their executor preference, so a task that waits for
/// readiness is resumed *on the loop thread* by the very iteration that saw the event: no hop to the
/// cooperative pool and back per request (the main cost in a naive design). Jobs and readiness
/// interleave: the loop runs queued jobs, then polls epoll (without sleeping while jobs remain).
///
/// Blocking syscalls happen only here (`epoll_wait`), never on Swift's cooperative pool (style.md §8.7).
///
/// `@unchecked Sendable`: all mutable state lives in the two `Mutex`es (`queue`, `io`); `epfd` and
/// `wakeFD` are immutable descriptors, and `epoll_ctl`/`eventfd` writes are thread-safe syscalls.
final class EventLoop: TaskExecutor, @unchecked Sendable {
    /// The epoll instance.
    let epfd: Int32
    /// An eventfd the loop also polls, written to wake it when jobs arrive from other threads.
    let wakeFD: Int32

    /// Runnable jobs plus whether the loop is (about to be) asleep in `epoll_wait`.
    struct JobQueue {
        var jobs: [UnownedJob] = []
        var sleeping = false
        var wakePending = false
        var threadExited = false
    }
    /// Jobs queued for the loop thread and its sleep/wake flags.
    let queue = Mutex(JobQueue())
    /// Per-descriptor readiness, waiters and deadlines; see `EventLoop+IO.swift`.
    let io = Mutex(IOState())

    /// Why creating the descriptors failed, if it did; ``HTTPServer/start()`` throws it.
    let setupError: SocketError?

    /// Creates the epoll and eventfd descriptors; the thread starts with ``start(name:)``.
    init() {
        epfd = Epoll.create()
        let epollError: SocketError? = epfd < 0 ? .current("epoll_create1") : nil
        wakeFD = Epoll.makeEventFD()
        let eventError: SocketError? = wakeFD < 0 ? .current("eventfd") : nil
        setupError = epollError ?? eventError
        if setupError == nil {
            Epoll.control(epfd, Epoll.ctlAdd, wakeFD, events: Epoll.in)
        }
    }

    deinit {
        if wakeFD >= 0 { Glibc.close(wakeFD) }
        if epfd >= 0 { Glibc.close(epfd) }
    }

    /// Starts the loop thread.
    func start(name: String) {
        let thread = Thread { [self] in self.run() }
        thread.name = name
        thread.start()
    }

    /// Asks the loop thread to exit after its current iteration.
    func requestStop() {
        io.withLock { $0.stopRequested = true }
        wake()
    }

    // MARK: TaskExecutor

    /// Queues a job to run on the loop thread; after the thread exits, jobs of tasks that outlived the
    /// server run on a global queue instead, so no task is ever stranded.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        enum Action { case none, wake, fallback }
        let action = queue.withLock { q -> Action in
            if q.threadExited { return .fallback }
            q.jobs.append(job)
            if q.sleeping && !q.wakePending {
                q.wakePending = true
                return .wake
            }
            return .none
        }
        switch action {
        case .none: break
        case .wake: signalWake()
        case .fallback:
            DispatchQueue.global().async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        }
    }

    /// Wakes the loop if it sleeps in `epoll_wait`.
    func wake() {
        let needed = queue.withLock { q -> Bool in
            guard q.sleeping && !q.wakePending else { return false }
            q.wakePending = true
            return true
        }
        if needed { signalWake() }
    }

    /// Writes the eventfd.
    private func signalWake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }

    // MARK: The loop

    /// Puts the loop thread in Linux's default `SCHED_OTHER` class (0), whatever it inherited: the
    /// server that embeds the loop may run its helper threads as `SCHED_BATCH`, whose wake-ups do
    /// not preempt running threads, and the one thread serving every connection must keep
    /// preempting them. An unprivileged thread may always switch between the two; a failure only
    /// changes timing.
    static func useDefaultSchedulingClass() {
        var parameters = sched_param(sched_priority: 0)
        _ = sched_setscheduler(0, 0, &parameters)
    }

    /// The thread body: run jobs, poll, dispatch readiness, fire deadlines; until asked to stop.
    private func run() {
        Self.useDefaultSchedulingClass()
        let capacity: Int32 = 256
        let events = UnsafeMutableRawPointer.allocate(byteCount: Int(capacity) * Epoll.eventStride, alignment: 8)
        defer { events.deallocate() }
        var batch: [UnownedJob] = []
        batch.reserveCapacity(64)
        let executor = asUnownedTaskExecutor()
        while true {
            // Run queued jobs; cap the rounds so a busy task set cannot starve I/O.
            for _ in 0..<4 {
                queue.withLock { swap(&$0.jobs, &batch) }
                if batch.isEmpty { break }
                for job in batch { job.runSynchronously(on: executor) }
                batch.removeAll(keepingCapacity: true)
            }
            if io.withLock({ $0.stopRequested }) { break }
            let sleep = queue.withLock { q -> Bool in
                q.sleeping = q.jobs.isEmpty
                return q.sleeping
            }
            let timeout = sleep ? pollTimeout(now: Deadline.now()) : 0
            let count = Epoll.wait(epfd, events, capacity: capacity, timeout: timeout)
            queue.withLock {
                $0.sleeping = false
                $0.wakePending = false
            }
            if count > 0 {
                for i in 0..<Int(count) {
                    let (mask, fd) = Epoll.event(events, i)
                    if fd == wakeFD {
                        var value: UInt64 = 0
                        _ = Glibc.read(wakeFD, &value, 8)
                    } else {
                        handle(fd: fd, events: mask)
                    }
                }
            }
            fireDeadlines(now: Deadline.now())
        }
        // Exit: later jobs go to the fallback queue; run what is left here.
        let leftover = queue.withLock { q -> [UnownedJob] in
            q.threadExited = true
            defer { q.jobs = [] }
            return q.jobs
        }
        for job in leftover { job.runSynchronously(on: executor) }
        failAllWaiters(with: .closed)
    }
}
