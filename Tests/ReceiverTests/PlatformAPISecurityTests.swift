import Core
import Foundation
import HTTPServer
import Receiver
import Store
import Testing

/// Token scoping, revocation, rate limits and the cross-tenant isolation matrix.
@Suite("Platform API security")
struct PlatformAPISecurityTests {
    /// Every endpoint, as a path below the tenant prefix.
    static func endpoints(user: String, team: String, userName: String) -> [String] {
        [
            "/users", "/users/\(user)", "/teams", "/teams/\(team)", "/teams/\(team)/members",
            "/teams/\(team)/members?history=true", "/access/\(userName)", "/events", "/nope",
        ]
    }

    @Test func tokenScoping() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        let alice = try await h.createUser("alice@example.com")
        let team = try await h.createTeam("Eng", members: [alice])
        for path in Self.endpoints(user: alice, team: team, userName: "alice@example.com") {
            // No token, a malformed one, a random one, the tenant's SCIM token, another tenant's
            // platform token: all the same 401.
            for token in [nil, "not a token", "rst_" + String(repeating: "x", count: 40), h.acme.scimToken,
                          h.other.platformToken] as [String?]
            {
                let reply = await h.send(.get, h.acme.apiBase + path, token: token, remote: "10.9.\(path.count).1:1")
                #expect(reply.status == 401, "\(path) with \(token == nil ? "no token" : "a wrong token")")
                #expect(reply.errorCode == "unauthorized")
                #expect(reply.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
            }
        }
        // A platform token cannot use SCIM.
        let scim = await h.scim(.get, "/Users", token: h.acme.platformToken)
        #expect(scim.status == 401)
        // A malformed cursor without a valid token is 401, not 400: nothing is revealed.
        let probe = await h.send(.get, h.acme.apiBase + "/events?after=%%%", token: "nope", remote: "10.8.0.1:1")
        #expect(probe.status == 401)
    }

    @Test func revokedTokenFailsOnTheNextRequest() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        #expect(await h.api("/users").status == 200)
        _ = try await Directory(database: h.database).revokeToken(
            tenant: h.acme.name, id: h.acme.platformTokenID, requestID: nil)
        let after = await h.api("/users")
        #expect(after.status == 401)
        #expect(await h.api("/access/x@example.com").status == 401)
    }

    @Test func rateLimitPerTokenAndFailedAuthenticationPerAddress() async throws {
        var settings = PlatformSettings()
        settings.requestsPerSecond = 1
        settings.requestBurst = 3
        settings.failedAuthenticationsPerMinute = 5
        let h = try await PlatformAPIHarness.make(settings: settings)
        defer { Task { await h.close() } }
        for _ in 0..<3 { #expect(await h.api("/access/a@example.com").status == 200) }
        let limited = await h.api("/access/a@example.com")
        #expect(limited.status == 429)
        #expect(limited.errorCode == "rate_limited")
        #expect(Int(limited.headers["Retry-After"] ?? "") ?? 0 >= 1)
        // Another token has its own budget.
        #expect(await h.api("/users", tenant: h.other).status == 200)

        for _ in 0..<5 {
            #expect(await h.api("/users", token: "wrong", remote: "10.7.7.7:1").status == 401)
        }
        let throttled = await h.api("/users", token: "wrong", remote: "10.7.7.7:2")
        #expect(throttled.status == 429)
        #expect(Int(throttled.headers["Retry-After"] ?? "") ?? 0 >= 1)
        // Even a good token from that address waits: the address is throttled first.
        #expect(await h.api("/users", tenant: h.other, remote: "10.7.7.7:3").status == 429)
        #expect(await h.api("/users", tenant: h.other, remote: "10.7.7.8:3").status == 200)
        // The budget is shared with SCIM: the throttled address cannot keep guessing there.
        let viaSCIM = await h.send(.get, h.acme.scimBase + "/Users", token: h.acme.scimToken, remote: "10.7.7.7:4")
        #expect(viaSCIM.status == 429)
        #expect(await h.send(.get, h.acme.scimBase + "/Users", token: h.acme.scimToken, remote: "10.7.7.9:4").status == 200)
    }

    @Test func crossTenantIsolationMatrix() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        // acme has alice in Eng; other has mallory in Red with its own ids.
        let alice = try await h.createUser("alice@example.com", externalID: "00u-shared")
        _ = try await h.createTeam("Eng", members: [alice])
        let mallory = try await h.createUser("mallory@example.com", externalID: "00u-shared", tenant: h.other)
        let red = try await h.createTeam("Red", members: [mallory], tenant: h.other)
        for index in 0..<3 { try await h.createUser("o\(index)@example.com", tenant: h.other) }

        // Foreign ids on acme's own paths, with acme's token: exactly like random ids.
        #expect(await h.api("/users/\(mallory)").status == 404)
        #expect(await h.api("/teams/\(red)").status == 404)
        #expect(await h.api("/teams/\(red)/members").status == 404)
        #expect(await h.api("/teams/\(red)/members?history=true").status == 404)
        #expect(await h.api("/users?team=\(red)").items.isEmpty)
        #expect(await h.api("/users?userName=mallory@example.com").items.isEmpty)
        #expect(await h.api("/users?externalId=00u-shared").items.compactMap { $0["id"]?.stringValue } == [alice])
        let access = await h.api("/access/mallory@example.com")
        #expect(access.json?["allowed"]?.boolValue == false)
        #expect(access.json?["reason"]?.stringValue == "unknown-user")
        // Lists and the feed carry only acme's rows.
        #expect(await h.api("/users").items.compactMap { $0["id"]?.stringValue } == [alice])
        #expect(await h.api("/teams").items.count == 1)
        let feed = await h.api("/events?limit=1000")
        let subjects = Set(feed.json?["events"]?.arrayValue?.compactMap { $0["subjectId"]?.stringValue } ?? [])
        #expect(!subjects.contains(mallory) && !subjects.contains(red) && !subjects.contains("other"))

        // Foreign cursors, of every listing, on acme's paths: invalid (400), never a page.
        let foreign: [(String, String)] = [
            ("/users?limit=1", "/users"), ("/teams?limit=1", "/teams"), ("/events?limit=1", "/events"),
            ("/teams/\(red)/members?limit=1", "/teams/\(red)/members"),
        ]
        for (source, _) in foreign {
            let page = await h.api(source, tenant: h.other)
            let cursor = try #require(page.next ?? page.json?["next"]?.stringValue, "\(source)")
            for target in ["/users", "/teams", "/events", "/teams/\(red)/members", "/teams/\(red)/members?history=true"] {
                let separator = target.contains("?") ? "&" : "?"
                let reply = await h.api(target + separator + "after=" + cursor)
                if target.hasPrefix("/teams/\(red)") {
                    #expect(reply.status == 400 || reply.status == 404, "\(source) → \(target)")
                } else {
                    #expect(reply.status == 400, "\(source) → \(target)")
                    #expect(reply.errorCode == "invalid_cursor")
                }
            }
        }
        // A cursor of one listing is not valid on another, even in the same tenant.
        let users = try #require(await h.api("/users?limit=1").next)
        #expect(await h.api("/teams?after=\(users)").errorCode == "invalid_cursor")
        #expect(await h.api("/events?after=\(users)").errorCode == "invalid_cursor")
        for garbage in ["x", "%%%", "AAAA", String(repeating: "A", count: 600), "djEKZXZlbnRzCmFjbWUKCi0x"] {
            let reply = await h.api("/events?after=\(garbage)")
            #expect(reply.status == 400, "\(garbage)")
            #expect(reply.errorCode == "invalid_cursor")
        }

        // acme's token on other's paths: 401 for every endpoint, with acme's or other's ids.
        for path in Self.endpoints(user: mallory, team: red, userName: "mallory@example.com")
            + Self.endpoints(user: alice, team: red, userName: "alice@example.com")
        {
            let reply = await h.api(path, tenant: h.other, token: h.acme.platformToken, remote: "10.6.\(path.count).1:1")
            #expect(reply.status == 401, "\(path)")
        }
    }
}
