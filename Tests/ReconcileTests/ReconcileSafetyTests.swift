import Core
import Foundation
import Reconcile
import Store
import Synchronization
import Testing
import TestSupport

/// Safety valve, dry run, push-after-snapshot, and faults: nobody is harmed on bad data.
@Suite struct ReconcileSafetyTests {
    func harnessWithTenActiveUsers(appUsers: [FakeOktaScenario.AppUser]) async throws -> ReconcileHarness {
        let h = try await ReconcileHarness(scenario: FakeOktaScenario(appUsers: appUsers))
        for n in 1...10 { try await h.addUser(id: "scim-\(n)", oktaID: "00u\(n)", userName: "user\(n)@example.com") }
        return h
    }

    @Test func emptyAppUserListIsBlockedBySafetyValveUnlessForced() async throws {
        let h = try await harnessWithTenActiveUsers(appUsers: [])
        defer { Task { await h.close() } }
        let blocked = try await h.run()
        #expect(blocked.outcome == .blocked)
        #expect(blocked.outcomes.allSatisfy { $0 == .blocked } && blocked.outcomes.count == 10)
        #expect(try await h.user("scim-1")?.active == true)
        #expect(try await h.runs().first?.outcome == .blocked)
        let forced = try await h.run { $0.force = true }
        #expect(forced.outcome == .succeeded)
        #expect(try await h.user("scim-1")?.active == false)
    }

    @Test func dryRunChangesNothing() async throws {
        let h = try await harnessWithTenActiveUsers(appUsers: (1...9).map { appUser($0) } + [appUser(11)])
        defer { Task { await h.close() } }
        let before = try await h.audit().count
        let result = try await h.run { $0.dryRun = true }
        #expect(result.outcome == .succeeded && result.dryRun)
        #expect(Set(result.actions.map(\.kind)) == [.deactivateUser, .provisionUser])
        #expect(result.outcomes.allSatisfy { $0 == .planned })
        #expect(try await h.user("scim-10")?.active == true)
        #expect(try await h.user("scim-11") == nil)
        #expect(try await h.audit().count == before)
        #expect(try await h.runs().first?.dryRun == true)
    }

    @Test func pushAfterSnapshotIsNotReverted() async throws {
        let h = try await harnessWithTenActiveUsers(appUsers: (1...9).map { appUser($0) })
        defer { Task { await h.close() } }
        // Plan against the snapshot, then a push reactivates/changes scim-10 before apply.
        let local = try await LocalState.load(tenant: h.tenant, connectionID: h.connectionID, database: h.database)
        let snapshot = OktaSnapshot(
            appUsers: (1...9).map {
                OktaAppUser(
                    id: "00u\($0)", externalID: "scim-\($0)", status: "PROVISIONED", userName: "user\($0)@example.com",
                    givenName: "Given", familyName: "Family", email: "user\($0)@example.com", userStatus: "ACTIVE")
            }, pushedGroups: [])
        let plan = Differ(policy: AccessPolicy(), parkedMaxAge: 3600, now: Date()).plan(snapshot: snapshot, local: local)
        #expect(plan.map(\.kind) == [.deactivateUser])
        try await h.database.write { try $0.execute("UPDATE users SET version = version + 1 WHERE id = 'scim-10'") }
        try await h.recordRun("rec-test")
        let outcomes = try await PlanApplier(
            database: h.database, tenant: h.tenant, connectionID: h.connectionID, runID: "rec-test", clock: SystemClock()
        ).apply(plan, blocked: [])
        #expect(outcomes == [.skipped])
        #expect(try await h.user("scim-10")?.active == true)
    }

    static let fatalFaults: [FakeOktaFault] = [
        .truncatedBody, .cursorLoop, .offOriginLink, .tooManyItems, .unauthorized,
    ]

    @Test(arguments: fatalFaults)
    func faultFailsThePullAndDeactivatesNobody(_ fault: FakeOktaFault) async throws {
        // Only 9 of 10 users listed on a complete pull: a partial one must not deactivate scim-10.
        let h = try await harnessWithTenActiveUsers(appUsers: (1...9).map { appUser($0) })
        defer { Task { await h.close() } }
        h.okta.inject(fault, on: "/users")
        let result = try await h.run()
        #expect(result.outcome == .failed)
        #expect(result.actions.isEmpty)
        #expect(result.error != nil)
        #expect(try await h.user("scim-10")?.active == true)
        #expect(try await h.audit().allSatisfy { $0.actor != .reconciler })
        #expect(try await h.runs().first?.error == result.error)
        #expect(!h.okta.requests.contains { $0.contains("169.254") })
        if fault == .unauthorized { #expect(result.error?.contains("HTTP 401") == true) }
    }

    @Test func persistentServerErrorsFailAfterBoundedRetries() async throws {
        let h = try await harnessWithTenActiveUsers(appUsers: (1...9).map { appUser($0) })
        defer { Task { await h.close() } }
        h.okta.inject(.serverError, on: "/users", times: 100)
        let result = try await h.run()
        #expect(result.outcome == .failed)
        #expect(result.statistics.apiCalls == 5)
        #expect(h.sleeper.waits.withLock { $0 } == [.seconds(1), .seconds(2), .seconds(4), .seconds(8)])
        #expect(try await h.user("scim-10")?.active == true)
    }

    @Test func slowResponsesTimeOutAndAreRetried() async throws {
        let h = try await harnessWithTenActiveUsers(appUsers: (1...10).map { appUser($0) })
        defer { Task { await h.close() } }
        h.okta.inject(.slow(milliseconds: 2500), on: "/users")
        let result = try await h.run()
        #expect(result.outcome == .succeeded)
        #expect(result.statistics.retries == 1)
    }

    @Test func transientFaultsAreRetriedAndRateLimitsWaitedOut() async throws {
        let h = try await harnessWithTenActiveUsers(appUsers: (1...10).map { appUser($0) })
        defer { Task { await h.close() } }
        h.okta.inject(.serverError, on: "/users")
        h.okta.inject(.rateLimited(resetIn: 7), on: "/groups")
        h.okta.inject(.rateLimited(resetIn: nil), on: "/group-push")
        let result = try await h.run()
        #expect(result.outcome == .succeeded)
        #expect(result.actions.isEmpty)
        #expect(result.statistics.rateLimitedResponses == 2)
        #expect(result.statistics.rateLimitWaits == 2)
        #expect(result.statistics.retries == 1)
        let waits = h.sleeper.waits.withLock { $0 }
        #expect(waits.contains(.seconds(60)))
        #expect(waits.contains { $0 > .seconds(5) && $0 <= .seconds(8) })
    }
}
