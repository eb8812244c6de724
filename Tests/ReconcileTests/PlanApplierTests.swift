import Core
import Foundation
import Reconcile
import Store
import Testing
import TestSupport

/// Applying a plan in batches.
@Suite struct PlanApplierTests {
    @Test func applyStopsBeforeItsNextBatchOnceCancelled() async throws {
        let h = try await ReconcileHarness(scenario: FakeOktaScenario(appUsers: []))
        defer { Task { await h.close() } }
        try await h.addUser(id: "scim-1", oktaID: "00u1", userName: "a@example.com")
        try await h.recordRun("rec-test")
        let applier = PlanApplier(
            database: h.database, tenant: h.tenant, connectionID: h.connectionID, runID: "rec-test", clock: SystemClock())
        let plan = [
            PlanAction(
                kind: .deactivateUser, subjectID: "scim-1", userID: "a@example.com", reason: "test",
                attribution: .outOfScope, expectedVersion: 1)
        ]
        let outcome = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await applier.apply(plan, blocked: [])
        }.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        #expect(try await h.user("scim-1")?.active == true)
        #expect(try await h.audit().allSatisfy { $0.actor != .reconciler })
    }
}
