import Core
import Store
import TestSupport
import Testing

/// SQLite work runs on threads whose wake-ups do not preempt the HTTP event loop.
@Suite struct HelperThreadSchedulingTests {
    @Test func readsAndWritesRunOnThreadsThatDeferTheirWakeups() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            #expect(try await database.read { _ in ThreadScheduling.currentThreadDefersWakeups })
            #expect(try await database.write { _ in ThreadScheduling.currentThreadDefersWakeups })
        }
    }
}
