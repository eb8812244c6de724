import Core
import Foundation
import Reconcile
import Store
import Testing
import TestSupport

/// One live test per drift kind: fake Okta on loopback, real curl client, real SQLite.
@Suite struct ReconcileDriftTests {
    @Test func firstSyncProvisionsUsersWithOktasIdsCreatesTeamsAndMembers() async throws {
        let scenario = FakeOktaScenario(
            appUsers: (1...3).map { appUser($0) },
            groups: [.init(id: "00gEng", name: "Eng", members: ["00u1", "00u2"], targetGroupID: "team-eng")])
        let h = try await ReconcileHarness(scenario: scenario)
        defer { Task { await h.close() } }
        let result = try await h.run()
        #expect(result.outcome == .succeeded)
        #expect(result.counts["provision-user"] == 3)
        #expect(result.counts["create-team"] == 1)
        #expect(result.counts["add-member"] == 2)
        #expect(result.outcomes.allSatisfy { $0 == .applied })
        let user = try #require(try await h.user("scim-1"))
        #expect(user.externalID == "00u1" && user.active && user.userName == "user1@example.com")
        #expect(try await h.members("team-eng").sorted() == ["scim-1", "scim-2"])
        let events = try await h.audit()
        #expect(events.filter { $0.action == "user.provisioned" }.count == 3)
        let reconcilerEvents = events.filter { $0.actor == .reconciler }
        #expect(reconcilerEvents.count == 6 && reconcilerEvents.allSatisfy { $0.requestID == result.runID })
        #expect(events.first { $0.action == "user.provisioned" }?.after?.contains("push-never-arrived") == true)
        // Second run: nothing left to do, and the minimum number of pages.
        let again = try await h.run()
        #expect(again.actions.isEmpty)
        #expect(again.statistics.apiCalls == h.okta.minimumPages)
        #expect(h.okta.authorizations == ["SSWS \(h.okta.token)"])
        let runs = try await h.runs()
        #expect(runs.count == 2 && runs.allSatisfy { $0.outcome == .succeeded && $0.finishedAt != nil })
    }

    @Test func unassignedAndDeprovisionedUsersAreDeactivatedAndLeaveTheirTeams() async throws {
        let scenario = FakeOktaScenario(
            appUsers: (1...20).map { appUser($0, userStatus: $0 == 2 ? "DEPROVISIONED" : "ACTIVE") },
            groups: [.init(id: "00gEng", name: "Eng", members: ["00u1", "00u2"], targetGroupID: "team-eng")])
        let h = try await ReconcileHarness(scenario: scenario)
        defer { Task { await h.close() } }
        for n in 1...21 { try await h.addUser(id: "scim-\(n)", oktaID: "00u\(n)", userName: "user\(n)@example.com") }
        try await h.addTeam(id: "team-eng", name: "Eng", members: ["scim-1", "scim-2", "scim-21"])
        let result = try await h.run()
        #expect(result.outcome == .succeeded)
        let deactivations = result.actions.filter { $0.kind == .deactivateUser }
        #expect(Set(deactivations.map(\.subjectID)) == ["scim-2", "scim-21"])
        #expect(deactivations.first { $0.subjectID == "scim-21" }?.attribution == .outOfScope)
        #expect(deactivations.first { $0.subjectID == "scim-2" }?.reason == "Okta user status DEPROVISIONED")
        #expect(try await h.user("scim-2")?.active == false)
        #expect(try await h.user("scim-21")?.active == false)
        #expect(try await h.members("team-eng") == ["scim-1"])
        let events = try await h.audit()
        #expect(events.filter { $0.action == "user.deactivated" }.count == 2)
        #expect(events.contains { $0.action == "member.removed" && $0.after?.contains("access-ended") == true })
    }

    @Test func reactivationRestoresMembershipsAndAttributesAreUpdated() async throws {
        let scenario = FakeOktaScenario(
            appUsers: [appUser(1), appUser(2, given: "Renamed")],
            groups: [.init(id: "00gEng", name: "Eng", members: ["00u1", "00u2"], targetGroupID: "team-eng")])
        let h = try await ReconcileHarness(scenario: scenario)
        defer { Task { await h.close() } }
        try await h.addUser(id: "scim-1", oktaID: "00u1", userName: "user1@example.com", active: true)
        try await h.addUser(id: "scim-2", oktaID: "00u2", userName: "user2@example.com")
        try await h.addTeam(id: "team-eng", name: "Eng", members: ["scim-1", "scim-2"])
        // scim-1 lost access locally (its membership ended access-ended).
        let tenant = h.tenant
        try await h.database.write { connection in
            try connection.execute("UPDATE users SET active = 0 WHERE id = 'scim-1'")
            _ = try MembershipTable.endAccess(tenant: tenant, userID: "scim-1", at: Date(), on: connection)
        }
        let result = try await h.run()
        #expect(result.actions.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.addMember, .reactivateUser, .updateUser])
        #expect(try await h.user("scim-1")?.active == true)
        #expect(try await h.members("team-eng").sorted() == ["scim-1", "scim-2"])
        #expect(try await h.user("scim-2")?.attributes.contains("Renamed") == true)
        let events = try await h.audit()
        #expect(events.contains { $0.action == "member.added" && $0.after?.contains("access-restored") == true })
        #expect(events.contains { $0.action == "user.updated" })
    }

    @Test func staleMembersLeaveMissingOnesJoinAndTeamsAreRenamed() async throws {
        let scenario = FakeOktaScenario(
            appUsers: (1...3).map { appUser($0) },
            groups: [.init(id: "00gEng", name: "Engineering", members: ["00u1", "00u3"], targetGroupID: "team-eng")])
        let h = try await ReconcileHarness(scenario: scenario)
        defer { Task { await h.close() } }
        for n in 1...3 { try await h.addUser(id: "scim-\(n)", oktaID: "00u\(n)", userName: "user\(n)@example.com") }
        try await h.addTeam(id: "team-eng", name: "Eng", members: ["scim-1", "scim-2"])
        let result = try await h.run()
        #expect(Set(result.actions.map(\.kind)) == [.renameTeam, .addMember, .removeMember])
        #expect(try await h.members("team-eng").sorted() == ["scim-1", "scim-3"])
        let events = try await h.audit()
        #expect(events.contains { $0.action == "team.renamed" })
        #expect(events.contains { $0.action == "member.removed" && $0.after?.contains("stale") == true })
        // History kept: the ended row is still there.
        let ended = try await h.database.read {
            try $0.queryFirst("SELECT removed_reason FROM memberships WHERE user_id = 'scim-2'")?.value(at: 0, as: String.self)
        }
        #expect(ended == "stale")
    }

    @Test func lostUserIsRestoredWithOktasIdAndParkedMembershipsResolve() async throws {
        let scenario = FakeOktaScenario(
            appUsers: [appUser(1)],
            groups: [.init(id: "00gEng", name: "Eng", members: ["00u1"], targetGroupID: "team-eng")])
        let h = try await ReconcileHarness(scenario: scenario)
        defer { Task { await h.close() } }
        try await h.addTeam(id: "team-eng", name: "Eng", members: [])
        let (tenant, connectionID) = (h.tenant, h.connectionID)
        try await h.database.write { connection in
            try ParkedOperationTable.park(
                tenant: tenant, connectionID: connectionID, teamID: "team-eng", userRef: "scim-1", operation: "add",
                requestID: "r1", at: Date(), on: connection)
            try ParkedOperationTable.park(
                tenant: tenant, connectionID: connectionID, teamID: "team-eng", userRef: "ghost", operation: "add",
                requestID: "r2", at: Date(timeIntervalSinceNow: -30 * 24 * 3600), on: connection)
        }
        let result = try await h.run()
        #expect(result.actions.contains { $0.kind == .provisionUser && $0.subjectID == "scim-1" })
        #expect(result.actions.contains { $0.kind == .expireParked && $0.userID == "ghost" })
        #expect(try await h.members("team-eng") == ["scim-1"])
        let open = try await h.database.read { try ParkedOperationTable.openCount(tenant: tenant, on: $0) }
        #expect(open == 0)
    }

    @Test func suspendedUsersFollowThePolicy() async throws {
        let scenario = FakeOktaScenario(appUsers: (1...20).map { appUser($0, userStatus: $0 == 1 ? "SUSPENDED" : "ACTIVE") })
        let h = try await ReconcileHarness(scenario: scenario)
        defer { Task { await h.close() } }
        for n in 1...20 { try await h.addUser(id: "scim-\(n)", oktaID: "00u\(n)", userName: "user\(n)@example.com") }
        let keep = try await h.run()
        #expect(keep.actions.isEmpty)
        let revoke = try await h.run { $0.policy = AccessPolicy(suspended: .revoke) }
        #expect(revoke.actions.map(\.kind) == [.deactivateUser])
        #expect(revoke.actions.first?.attribution == .outOfScope)
        #expect(try await h.user("scim-1")?.active == false)
    }
}
