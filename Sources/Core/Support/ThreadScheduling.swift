#if canImport(Glibc)
    import Glibc
#endif

/// How Roster's helper threads are scheduled next to the HTTP event loop.
///
/// One event-loop thread serves every connection, so each time it is preempted every request in
/// flight waits. Most of those preemptions came from Roster's own helpers: a SQLite reader (or the
/// log writer) woken with work is, by default, allowed to preempt the thread running on its CPU,
/// which on a busy two-core machine is often the event loop. Measured with `bench/access`
/// (16 connections): the event loop was preempted ~3,000 times a second, and taking the helpers'
/// wake-up preemption away lowered the p99 in 8 of 9 paired runs (BENCHMARKS.md, fifth round).
public enum ThreadScheduling {
    /// `SCHED_BATCH` from `<linux/sched.h>` (3); Swift's Glibc module exports it only with
    /// `_GNU_SOURCE`.
    static let batchPolicy: Int32 = 3

    /// Puts the calling thread in Linux's `SCHED_BATCH` class: the same CPU share as any normal
    /// thread (its nice value is unchanged), but its wake-ups no longer preempt the thread that is
    /// running; it waits for that thread's time slice or its next block instead (sched(7):
    /// "the scheduler will apply a small scheduling penalty with respect to wakeup behavior").
    /// Any thread may switch itself between `SCHED_OTHER` and `SCHED_BATCH` without privileges.
    /// Called at the start of helper work: threads come from libdispatch's pool, and the setting
    /// stays with the thread, which only ever runs background work. A failure changes nothing
    /// but timing, so it is ignored. A no-op on other systems.
    public static func deferWakeupsToRunningThreads() {
        #if os(Linux)
            var parameters = sched_param(sched_priority: 0)
            _ = sched_setscheduler(0, batchPolicy, &parameters)
        #endif
    }

    /// Whether the calling thread runs as `SCHED_BATCH` (tests).
    public static var currentThreadDefersWakeups: Bool {
        #if os(Linux)
            return sched_getscheduler(0) == batchPolicy
        #else
            return false
        #endif
    }
}
