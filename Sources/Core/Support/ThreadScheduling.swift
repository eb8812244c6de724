#if canImport(Glibc)
    import Glibc
#endif

/// How Roster's threads are scheduled around the HTTP event loop: every thread but the event
/// loop runs in Linux's `SCHED_BATCH` class.
///
/// One event-loop thread serves every connection, so each time it is preempted every request in
/// flight waits. Most of those preemptions came from Roster's own helpers: a SQLite reader, the
/// log writer or a timer thread woken with work is, by default, allowed to preempt the thread
/// running on its CPU, which on a busy two-core machine is often the event loop. `SCHED_BATCH`
/// keeps a thread's CPU share (its nice value is unchanged) but takes away that wake-up
/// preemption: a woken helper waits for the running thread's time slice or its next block
/// (sched(7): "the scheduler will apply a small scheduling penalty with respect to wakeup
/// behavior"). Any thread may switch itself between `SCHED_OTHER` and `SCHED_BATCH` without
/// privileges. Measured on `/access` at 16 connections (BENCHMARKS.md, fifth round): the event
/// loop was preempted ~8,000 times a second, about half as often with the helpers in
/// `SCHED_BATCH`, and the p99 of paired runs went from a median of 0.96 to 0.91 ms.
///
/// How it is applied: `serve` calls ``deferWakeupsToRunningThreads()`` before it starts anything,
/// so threads created from that thread inherit the class; the event loop puts itself back in the default
/// `SCHED_OTHER` class as it starts (`EventLoop.useDefaultSchedulingClass()` in HTTPServer); and
/// helper work that runs on libdispatch's pool (SQLite queues, the log writer),
/// whose threads may have been created from the event loop and inherited its class, calls
/// ``deferWakeupsToRunningThreads()`` as it starts, a system call only the first time on each
/// thread. Failures change nothing but timing and are ignored; on other systems these are no-ops.
public enum ThreadScheduling {
    /// `SCHED_BATCH` from `<linux/sched.h>`; Swift's Glibc module exports it only with
    /// `_GNU_SOURCE`.
    static let batchPolicy: Int32 = 3

    /// A thread-specific flag: set once the calling thread is known to run as `SCHED_BATCH`, so
    /// repeated calls cost a `pthread_getspecific` rather than a system call.
    private static let deferredKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Puts the calling thread in `SCHED_BATCH` (once per thread).
    public static func deferWakeupsToRunningThreads() {
        #if os(Linux)
            guard pthread_getspecific(deferredKey) == nil else { return }
            setPolicy(batchPolicy)
            pthread_setspecific(deferredKey, UnsafeRawPointer(bitPattern: 1))
        #endif
    }

    /// Whether the calling thread runs as `SCHED_BATCH`, asked of the kernel (tests, diagnostics).
    public static var currentThreadDefersWakeups: Bool {
        #if os(Linux)
            return sched_getscheduler(0) == batchPolicy
        #else
            return false
        #endif
    }

    private static func setPolicy(_ policy: Int32) {
        #if os(Linux)
            var parameters = sched_param(sched_priority: 0)
            _ = sched_setscheduler(0, policy, &parameters)
        #endif
    }
}
