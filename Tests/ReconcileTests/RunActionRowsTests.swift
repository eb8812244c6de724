import Core
import Foundation
import Reconcile
import Store
import Testing
import TestSupport

/// Every planned action of a run is recorded as a `reconcile_run_actions` row with the outcome
/// the run reports, whatever the run's end; the big `plan` text is no longer written.
@Suite struct RunActionRowsTests {
    /// The rows of `runID`, read back through the reader every consumer uses.
    func rows(_ h: ReconcileHarness, _ runID: String) async throws -> [ReconcileRunActionRecord] {
        let tenant = h.tenant
        return try await h.database.read { connection in
            var rows: [ReconcileRunActionRecord] = []
            try ReconcileRunActionTable.forEach(runID: runID, tenant: tenant, on: connection) { rows.append($0) }
            return rows
        }
    }

    /// The rows are exactly the result's actions and outcomes, in plan order: what
    /// `roster reconcile --json` prints for the run can be rebuilt from them.
    func expectRowsMatch(_ h: ReconcileHarness, _ result: ReconcileRunResult) async throws {
        let rows = try await rows(h, result.runID)
        #expect(rows.count == result.actions.count)
        #expect(rows.map(\.position) == Array(result.actions.indices))
        let expected = zip(result.actions, result.outcomes).enumerated().map { position, pair in
            ReconcileRunActionRecord(
                position: position, kind: pair.0.kind.rawValue, subjectID: pair.0.subjectID, userID: pair.0.userID,
                teamName: pair.0.teamName, reason: pair.0.reason, drift: pair.0.attribution.rawValue,
                outcome: pair.1.rawValue)
        }
        #expect(rows == expected)
        let record = try #require(try await h.runs().first { $0.id == result.runID })
        #expect(record.plan == nil)
    }

    @Test func appliedRunRecordsEveryActionAsApplied() async throws {
        let h = try await ReconcileHarness(scenario: FakeOktaScenario(appUsers: (1...3).map { appUser($0) }))
        defer { Task { await h.close() } }
        try await h.addUser(id: "scim-1", oktaID: "00u1", userName: "user1@example.com", given: "Old")
        let result = try await h.run()
        #expect(result.outcome == .succeeded)
        #expect(Set(result.actions.map(\.kind)) == [.updateUser, .provisionUser])
        #expect(result.outcomes.allSatisfy { $0 == .applied })
        try await expectRowsMatch(h, result)
    }

    @Test func dryRunRecordsPlannedActions() async throws {
        let h = try await ReconcileHarness(scenario: FakeOktaScenario(appUsers: (1...3).map { appUser($0) }))
        defer { Task { await h.close() } }
        let result = try await h.run { $0.dryRun = true }
        #expect(result.outcomes == [.planned, .planned, .planned])
        try await expectRowsMatch(h, result)
        #expect(try await h.user("scim-1") == nil)
    }

    @Test func blockedRunRecordsHeldActionsAsBlocked() async throws {
        // Two of ten active users unassigned: 20 % > 10 %, so both deactivations are held while
        // the provision of a new user still applies.
        let h = try await ReconcileHarness(scenario: FakeOktaScenario(appUsers: (1...8).map { appUser($0) } + [appUser(11)]))
        defer { Task { await h.close() } }
        for n in 1...10 { try await h.addUser(id: "scim-\(n)", oktaID: "00u\(n)", userName: "user\(n)@example.com") }
        let result = try await h.run()
        #expect(result.outcome == .blocked)
        let outcomes = Dictionary(zip(result.actions.map(\.kind), result.outcomes), uniquingKeysWith: { $1 })
        #expect(outcomes == [.deactivateUser: .blocked, .provisionUser: .applied])
        try await expectRowsMatch(h, result)
        let blockedDryRun = try await h.run { $0.dryRun = true }
        #expect(Set(blockedDryRun.outcomes) == [.blocked])
        try await expectRowsMatch(h, blockedDryRun)
    }

    @Test func failedApplyRecordsCommittedBatchesAndSkipsTheRest() async throws {
        let count = PlanApplier.batchSize + 100
        let h = try await ReconcileHarness(scenario: FakeOktaScenario(appUsers: (1...count).map { appUser($0) }))
        defer { Task { await h.close() } }
        // The second batch fails inside its transaction, as a full disk would.
        let failing = "scim-\(PlanApplier.batchSize + 50)"
        try await h.database.write {
            try $0.execute(
                "CREATE TRIGGER fail_one BEFORE INSERT ON users WHEN NEW.id = '\(failing)' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
        }
        let result = try await h.run()
        #expect(result.outcome == .failed)
        #expect(result.error?.contains("disk on fire") == true)
        #expect(result.actions.count == count)
        #expect(result.outcomes.prefix(PlanApplier.batchSize).allSatisfy { $0 == .applied })
        #expect(result.outcomes.dropFirst(PlanApplier.batchSize).allSatisfy { $0 == .skipped })
        #expect(try await h.user("scim-1") != nil)
        #expect(try await h.user("scim-\(PlanApplier.batchSize + 1)") == nil)
        try await expectRowsMatch(h, result)
    }

    @Test func failedPullRecordsNoActions() async throws {
        let h = try await ReconcileHarness(scenario: FakeOktaScenario(appUsers: [appUser(1)]))
        defer { Task { await h.close() } }
        h.okta.inject(.unauthorized, on: "/users")
        let result = try await h.run()
        #expect(result.outcome == .failed && result.actions.isEmpty)
        #expect(try await rows(h, result.runID).isEmpty)
    }

    @Test func runsRecordedBeforeTheRowsAreReadFromTheirPlanText() async throws {
        let h = try await ReconcileHarness(scenario: FakeOktaScenario(appUsers: []))
        defer { Task { await h.close() } }
        let actions = [
            PlanAction(kind: .createTeam, subjectID: "team-1", reason: "pushed group 'Ünï \"q\"' missing locally",
                attribution: .pushNeverArrived, teamName: "Ünï \"q\""),
            PlanAction(kind: .addMember, subjectID: "team-1", userID: "scim-2", reason: "tab\there", attribution: .localChange),
        ]
        let outcomes: [ActionOutcome] = [.applied, .blocked]
        // Exactly the text a build before migration 0008 stored.
        let old = ReconcileRunRecord(
            id: "rec-old", tenant: h.tenant, connectionID: h.connectionID, startedAt: Date(), finishedAt: Date(),
            outcome: .blocked, dryRun: false, plan: PlanJSON.plan(actions, outcomes: outcomes))
        try await h.database.write { try ReconcileRunTable.insert(old, on: $0) }
        let rows = try await rows(h, "rec-old")
        #expect(rows == [
            ReconcileRunActionRecord(
                position: 0, kind: "create-team", subjectID: "team-1", teamName: "Ünï \"q\"",
                reason: "pushed group 'Ünï \"q\"' missing locally", drift: "push-never-arrived", outcome: "applied"),
            ReconcileRunActionRecord(
                position: 1, kind: "add-member", subjectID: "team-1", userID: "scim-2", reason: "tab\there",
                drift: "local-change", outcome: "blocked"),
        ])
        #expect(try await h.runs().first?.plan == old.plan)
    }
}
