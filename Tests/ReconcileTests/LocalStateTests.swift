import Core
import Foundation
import Reconcile
import Store
import Testing
import TestSupport

/// Loading the local state: audit lookups limited to the candidates a diff can ask about.
@Suite struct LocalStateTests {
    @Test func auditCandidatesLimitTheLookupToUsersMissingLocally() async throws {
        let h = try await ReconcileHarness(scenario: FakeOktaScenario(appUsers: []))
        defer { Task { await h.close() } }
        try await h.addUser(id: "scim-1", oktaID: "00u1", userName: "a@example.com")
        let (tenant, connectionID) = (h.tenant, h.connectionID)
        try await h.database.write { connection in
            for (subjectType, subjectID) in [("user", "scim-1"), ("user", "scim-lost"), ("team", "scim-team")] {
                try AuditRecorder.append(
                    AuditEvent(
                        time: Date(), tenant: tenant, connectionID: connectionID, actor: .scim, requestID: nil,
                        action: "x", subjectType: subjectType, subjectID: subjectID, before: nil, after: nil),
                    on: connection)
            }
        }
        let all = try await LocalState.load(tenant: tenant, connectionID: connectionID, database: h.database)
        #expect(all.auditedUserIDs == ["scim-1", "scim-lost"])
        let some = try await LocalState.load(
            tenant: tenant, connectionID: connectionID, database: h.database,
            auditCandidates: ["scim-1", "scim-lost", "scim-never", "scim-lost", "scim-team"])
        #expect(some.auditedUserIDs == ["scim-lost"])
        #expect(some.users.map(\.id) == ["scim-1"])
        #expect(some.users.first?.givenName == "Given" && some.users.first?.emails == ["a@example.com"])
    }
}
