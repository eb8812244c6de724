import Core
import Foundation
import Glibc
import Store
import TestSupport
import Testing

/// SQLite work runs on threads whose wake-ups do not preempt the HTTP event loop.
@Suite struct HelperThreadSchedulingTests {
    @Test func readsAndWritesRunOnThreadsThatDeferTheirWakeups() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            for _ in 0..<4 {
                #expect(try await database.read { _ in ThreadScheduling.currentThreadDefersWakeups })
                #expect(try await database.write { _ in ThreadScheduling.currentThreadDefersWakeups })
            }
        }
    }

    @Test func aThreadSwitchesOnceAndStays() async throws {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<(Bool, Bool), Never>) in
            let thread = Thread {
                // A new thread inherits its creator's class, which may be SCHED_BATCH already (test
                // tasks share libdispatch's threads with the SQLite queues): start from SCHED_OTHER.
                var parameters = sched_param(sched_priority: 0)
                _ = sched_setscheduler(0, 0, &parameters)
                let before = ThreadScheduling.currentThreadDefersWakeups
                ThreadScheduling.deferWakeupsToRunningThreads()
                ThreadScheduling.deferWakeupsToRunningThreads()
                continuation.resume(returning: (before, ThreadScheduling.currentThreadDefersWakeups))
            }
            thread.start()
        }
        #expect(result == (false, true))
    }
}
