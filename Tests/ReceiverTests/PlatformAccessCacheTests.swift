import Core
import Foundation
import HTTPServer
@testable import Receiver
import Store
import TestSupport
import Testing

/// `GET /access` through the router with its answer cache: repeated checks skip the database,
/// and any commit, in this process or another, is seen by the very next check.
@Suite struct PlatformAccessCacheTests {
    /// Asks about `userName` until the answer sits in the cache at the current stamp (the first
    /// check's use of the token is recorded by a write of its own, which starts a new generation).
    private static func warm(_ h: PlatformAPIHarness, _ userName: String) async throws -> Bool {
        let question = AccessAnswerCache.Question(tenant: h.acme.name.rawValue, userName: userName)
        let digest = try #require(Directory.digest(ofSecret: h.acme.platformToken))
        for _ in 0..<50 {
            #expect(await h.api("/access/\(userName)").status == 200)
            if let stamp = h.database.commitStamp(),
                h.platform.accessCache.answer(to: question, stamp: stamp, now: AccessAnswerCache.now()) != nil,
                h.platform.accessCache.token(digest: digest, stamp: stamp) != nil
            {
                return true
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test func repeatedChecksAreAnsweredFromTheCacheWithTheSameBody() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        let alice = try await h.createUser("alice@example.com")
        let team = try await h.createTeam("Engineering", members: [alice])
        let metrics = MetricsRegistry()
        h.platform.registerMetrics(on: metrics)
        let first = await h.api("/access/alice@example.com")
        #expect(try await Self.warm(h, "alice@example.com"))
        let hitsBefore = metrics.counter("roster_platform_access_cache_total", [("result", "hit")])
        let cached = await h.api("/access/alice@example.com")
        #expect(metrics.counter("roster_platform_access_cache_total", [("result", "hit")]) == hitsBefore + 1)
        #expect(metrics.counter("roster_platform_access_cache_total", [("result", "miss")]) >= 1)
        #expect(cached.status == 200)
        #expect(cached.body == first.body)
        #expect(cached.headers["Cache-Control"] == "no-store")
        #expect(cached.json?["teams"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [team])
    }

    @Test func aChangeThroughSCIMIsSeenByTheNextCheck() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        let alice = try await h.createUser("alice@example.com")
        #expect(try await Self.warm(h, "alice@example.com"))
        try await h.setActive(alice, false)
        let after = await h.api("/access/alice@example.com")
        #expect(after.json?["allowed"]?.boolValue == false)
        #expect(after.json?["reason"]?.stringValue == "inactive")
        // A new user is found at once, also after the cache has answered "unknown-user".
        #expect(try await Self.warm(h, "bob@example.com"))
        try await h.createUser("bob@example.com")
        #expect(await h.api("/access/bob@example.com").json?["reason"]?.stringValue == "active")
    }

    @Test func aRevocationByAnotherProcessFailsTheNextCheck() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        try await h.createUser("alice@example.com")
        #expect(try await Self.warm(h, "alice@example.com"))
        try revokeTokenFromAnotherConnection(path: h.directory.file("roster.db"), tokenID: h.acme.platformTokenID)
        for _ in 0..<3 {
            let refused = await h.api("/access/alice@example.com")
            #expect(refused.status == 401)
            #expect(refused.errorCode == "unauthorized")
        }
    }

    @Test func cachedAnswersAreForTheirOwnTenantAndScopeOnly() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        try await h.createUser("alice@example.com")
        #expect(try await Self.warm(h, "alice@example.com"))
        // acme's platform token on other's path, other's token on acme's path, acme's SCIM token.
        #expect(await h.api("/access/alice@example.com", tenant: h.other, token: h.acme.platformToken).status == 401)
        #expect(await h.api("/access/alice@example.com", token: h.other.platformToken).status == 401)
        #expect(await h.api("/access/alice@example.com", token: h.acme.scimToken).status == 401)
        // And other's own token gets other's answer: no such user there.
        let foreign = await h.api("/access/alice@example.com", tenant: h.other)
        #expect(foreign.json?["reason"]?.stringValue == "unknown-user")
    }

    @Test func turnedOffEveryCheckReadsTheDatabase() async throws {
        var settings = PlatformSettings()
        settings.accessCacheEntries = 0
        let h = try await PlatformAPIHarness.make(settings: settings)
        defer { Task { await h.close() } }
        let alice = try await h.createUser("alice@example.com")
        for _ in 0..<3 { #expect(await h.api("/access/alice@example.com").json?["allowed"]?.boolValue == true) }
        #expect(h.platform.accessCache.count == 0)
        try await h.setActive(alice, false)
        #expect(await h.api("/access/alice@example.com").json?["allowed"]?.boolValue == false)
    }
}
