import Core
import Foundation
import HTTPServer
import Receiver
import Store
import Testing

/// Every platform endpoint's answers, router-level over a real SQLite file, data pushed through SCIM.
@Suite("Platform API endpoints")
struct PlatformAPIEndpointTests {
    @Test func usersListGetAndFilters() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        let alice = try await h.createUser("Alice@Example.com", externalID: "00u1")
        let bob = try await h.createUser("bob@example.com", externalID: "00u2", active: false)
        let carol = try await h.createUser("carol@example.com", externalID: "00u3")
        let team = try await h.createTeam("Engineering", members: [alice, carol])

        let all = await h.api("/users")
        #expect(all.status == 200)
        #expect(all.headers["Content-Type"] == "application/json")
        #expect(all.items.compactMap { $0["id"]?.stringValue } == [alice, bob, carol])
        #expect(all.next == nil)
        let first = all.items[0]
        #expect(first["userName"]?.stringValue == "Alice@Example.com")
        #expect(first["externalId"]?.stringValue == "00u1")
        #expect(first["active"]?.boolValue == true)
        #expect(first["deleted"]?.boolValue == false)
        #expect(first["connectionId"]?.stringValue == h.acme.connectionID)
        #expect(first["attributes"]?["userName"]?.stringValue == "Alice@Example.com")
        #expect(first["createdAt"]?.stringValue?.hasSuffix("Z") == true)

        #expect(await h.api("/users?active=false").items.compactMap { $0["id"]?.stringValue } == [bob])
        #expect(await h.api("/users?active=true").items.compactMap { $0["id"]?.stringValue } == [alice, carol])
        // Same canonical matching as SCIM: case-insensitive.
        #expect(await h.api("/users?userName=ALICE%40example.COM").items.compactMap { $0["id"]?.stringValue } == [alice])
        #expect(await h.api("/users?externalId=00u2").items.compactMap { $0["id"]?.stringValue } == [bob])
        #expect(await h.api("/users?externalId=00U2").items.isEmpty, "externalId is case-exact")
        #expect(await h.api("/users?team=\(team)").items.compactMap { $0["id"]?.stringValue } == [alice, carol])
        #expect(await h.api("/users?team=\(team)&active=true&userName=carol@example.com").items.count == 1)
        #expect(await h.api("/users?team=nope").items.isEmpty)
        // An impossible userName matches nobody (not an error).
        let impossible = await h.api("/users?userName=%00")
        #expect(impossible.status == 200 && impossible.items.isEmpty)

        let one = await h.api("/users/\(alice)")
        #expect(one.status == 200)
        #expect(one.json?["teams"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [team])
        #expect(one.json?["teams"]?.arrayValue?.first?["displayName"]?.stringValue == "Engineering")
        let missing = await h.api("/users/does-not-exist")
        #expect(missing.status == 404)
        #expect(missing.errorCode == "not_found")
    }

    @Test func deletedUsersAreHiddenFromListsButReadableById() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        let alice = try await h.createUser("alice@example.com")
        let team = try await h.createTeam("Ops", members: [alice])
        #expect(await h.scim(.delete, "/Users/\(alice)").status == 204)

        #expect(await h.api("/users").items.isEmpty)
        let gone = await h.api("/users/\(alice)")
        #expect(gone.status == 200)
        #expect(gone.json?["deleted"]?.boolValue == true)
        #expect(gone.json?["active"]?.boolValue == false)
        #expect(gone.json?["deletedAt"]?.stringValue != nil)
        #expect(gone.json?["teams"]?.arrayValue?.isEmpty == true)
        let access = await h.api("/access/alice@example.com")
        #expect(access.json?["allowed"]?.boolValue == false)
        #expect(access.json?["reason"]?.stringValue == "deleted")
        #expect(access.json?["userId"]?.stringValue == alice)
        // The membership history still shows it, ended because access ended.
        let history = await h.api("/teams/\(team)/members?history=true")
        #expect(history.items.first?["reason"]?.stringValue == "access-ended")
    }

    @Test func teamsAndMembersWithHistory() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        let alice = try await h.createUser("alice@example.com")
        let bob = try await h.createUser("bob@example.com")
        let eng = try await h.createTeam("Engineering", members: [alice, bob])
        let ops = try await h.createTeam("Ops")
        let archived = try await h.createTeam("Old", members: [alice])
        #expect(await h.scim(.delete, "/Groups/\(archived)").status == 204)

        let teams = await h.api("/teams")
        #expect(teams.status == 200)
        #expect(teams.items.compactMap { $0["id"]?.stringValue } == [eng, ops])
        #expect(teams.items.first?["displayName"]?.stringValue == "Engineering")
        #expect(teams.items.first?["archived"]?.boolValue == false)

        let one = await h.api("/teams/\(eng)")
        #expect(one.json?["memberCount"]?.numberValue == 2)
        let old = await h.api("/teams/\(archived)")
        #expect(old.status == 200)
        #expect(old.json?["archived"]?.boolValue == true)
        #expect(old.json?["memberCount"]?.numberValue == 0)
        #expect(await h.api("/teams/nope").status == 404)
        #expect(await h.api("/teams/nope/members").status == 404)

        // Bob leaves Engineering; deactivating Alice ends hers with access-ended.
        let remove = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"\#(bob)\"]"}]}"#
        #expect(await h.scim(.patch, "/Groups/\(eng)", remove).status < 300)
        try await h.setActive(alice, false)
        #expect(await h.api("/teams/\(eng)/members").items.isEmpty)
        try await h.setActive(alice, true)
        let current = await h.api("/teams/\(eng)/members")
        #expect(current.items.compactMap { $0["userId"]?.stringValue } == [alice])
        #expect(current.items.first?["userName"]?.stringValue == "alice@example.com")
        #expect(current.items.first?["addedAt"]?.stringValue != nil)
        #expect(current.items.first?["removedAt"] == nil, "current members carry no history fields")

        let history = await h.api("/teams/\(eng)/members?history=true")
        let rows = history.items.map {
            ($0["userId"]?.stringValue ?? "", $0["reason"]?.stringValue ?? "-", $0["removedAt"]?.isNull == false)
        }
        #expect(rows.map(\.0) == [alice, bob, alice])
        #expect(rows.map(\.1) == ["access-ended", "removed", "-"])
        #expect(rows.map(\.2) == [true, true, false])
        let archivedHistory = await h.api("/teams/\(archived)/members?history=true")
        #expect(archivedHistory.items.first?["reason"]?.stringValue == "team-archived")
    }

    @Test func paginationOfEveryListing() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        var ids: [String] = []
        for index in 0..<23 { ids.append(try await h.createUser("user\(index)@example.com")) }
        var teamIDs: [String] = []
        for index in 0..<5 { teamIDs.append(try await h.createTeam("team \(index)", members: Array(ids.prefix(11)))) }

        #expect(try await h.all("/users", limit: 5).compactMap { $0["id"]?.stringValue } == ids)
        #expect(try await h.all("/users", limit: 23).count == 23)
        #expect(try await h.all("/users?active=true", limit: 4).count == 23)
        #expect(try await h.all("/teams", limit: 2).compactMap { $0["id"]?.stringValue } == teamIDs)
        #expect(
            try await h.all("/teams/\(teamIDs[0])/members", limit: 3).compactMap { $0["userId"]?.stringValue }
                == Array(ids.prefix(11)))
        #expect(try await h.all("/teams/\(teamIDs[0])/members?history=true", limit: 4).count == 11)
        // A team's users page by membership: every member once, in the order they joined,
        // filters still applied; a cursor belongs to its team's listing only.
        #expect(
            try await h.all("/users?team=\(teamIDs[1])", limit: 3).compactMap { $0["id"]?.stringValue }
                == Array(ids.prefix(11)))
        try await h.setActive(ids[2], false)
        #expect(try await h.all("/users?team=\(teamIDs[1])&active=true", limit: 2).count == 10)
        let teamPage = await h.api("/users?team=\(teamIDs[1])&limit=2")
        let teamCursor = try #require(teamPage.next)
        #expect(await h.api("/users?limit=2&after=\(teamCursor)").status == 400)
        #expect(await h.api("/users?team=\(teamIDs[2])&limit=2&after=\(teamCursor)").status == 400)
        let plainCursor = try #require(await h.api("/users?limit=2").next)
        #expect(await h.api("/users?team=\(teamIDs[1])&limit=2&after=\(plainCursor)").status == 400)

        let page = await h.api("/users?limit=5")
        #expect(page.items.count == 5)
        let next = try #require(page.next)
        #expect(!next.contains("users") && !next.contains("acme"), "cursors are opaque")
        // Limits are validated.
        for bad in ["limit=0", "limit=501", "limit=x", "limit=-1", "limit="] {
            let reply = await h.api("/users?\(bad)")
            #expect(reply.status == 400, "\(bad)")
            #expect(reply.errorCode == "invalid_parameter")
        }
    }

    @Test func accessListsTeamsByDisplayNameBytesThenID() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        let carol = try await h.createUser("carol@example.com")
        // Byte order (SQLite's BINARY collation): uppercase before lowercase, "Z" before "a",
        // a decomposed "é" (e + U+0301) before the precomposed one (U+00E9); equal names by id.
        var expected: [(name: String, id: String)] = []
        for name in ["eng", "Ops", "Zeta", "ops", "e\u{301}t\u{E9}", "\u{E9}t\u{E9}", "ops"] {
            expected.append((name, try await h.createTeam(name, members: [carol])))
        }
        expected.sort { left, right in
            if !left.name.utf8.elementsEqual(right.name.utf8) {
                return left.name.utf8.lexicographicallyPrecedes(right.name.utf8)
            }
            return left.id.utf8.lexicographicallyPrecedes(right.id.utf8)
        }
        let teams = await h.api("/access/carol@example.com").json?["teams"]?.arrayValue ?? []
        #expect(teams.compactMap { $0["id"]?.stringValue } == expected.map(\.id))
        #expect(teams.compactMap { $0["displayName"]?.stringValue }.map { Array($0.utf8) } == expected.map { Array($0.name.utf8) })
        // An archived team (SCIM DELETE /Groups) is no longer among the user's teams.
        let archived = expected.removeFirst()
        #expect(await h.scim(.delete, "/Groups/\(archived.id)").status == 204)
        let after = await h.api("/access/carol@example.com").json?["teams"]?.arrayValue ?? []
        #expect(after.compactMap { $0["id"]?.stringValue } == expected.map(\.id))
        // A user in no team: allowed, with an empty list.
        _ = try await h.createUser("dave@example.com")
        let dave = await h.api("/access/dave@example.com").json
        #expect(dave?["allowed"]?.boolValue == true && dave?["teams"]?.arrayValue?.isEmpty == true)
    }

    @Test func accessDecisions() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        let alice = try await h.createUser("Alice@Example.com")
        let bob = try await h.createUser("bob@example.com", active: false)
        let team = try await h.createTeam("Engineering", members: [alice])

        let allowed = await h.api("/access/alice%40EXAMPLE.com")
        #expect(allowed.status == 200)
        #expect(allowed.json?["allowed"]?.boolValue == true)
        #expect(allowed.json?["userId"]?.stringValue == alice)
        #expect(allowed.json?["active"]?.boolValue == true)
        #expect(allowed.json?["reason"]?.stringValue == "active")
        #expect(allowed.json?["teams"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [team])
        // Full-width letters canonicalise like SCIM does.
        #expect(await h.api("/access/ＡＬＩＣＥ@example.com").json?["allowed"]?.boolValue == true)

        let inactive = await h.api("/access/bob@example.com")
        #expect(inactive.json?["allowed"]?.boolValue == false)
        #expect(inactive.json?["active"]?.boolValue == false)
        #expect(inactive.json?["userId"]?.stringValue == bob)
        #expect(inactive.json?["reason"]?.stringValue == "inactive")

        let unknown = await h.api("/access/nobody@example.com")
        #expect(unknown.body == #"{"allowed":false,"userId":null,"active":null,"teams":[],"reason":"unknown-user"}"#)
        // Deactivating takes effect on the next check; teams follow access.
        try await h.setActive(alice, false)
        let revoked = await h.api("/access/alice@example.com")
        #expect(revoked.json?["allowed"]?.boolValue == false)
        #expect(revoked.json?["teams"]?.arrayValue?.isEmpty == true)
        // An invalid userName is answered like an unknown one.
        let invalid = await h.api("/access/%01bad")
        #expect(invalid.status == 200)
        #expect(invalid.json?["reason"]?.stringValue == "unknown-user")
    }

    @Test func methodsAndUnknownPathsAndParameters() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        let post = await h.api("/users", method: .post)
        #expect(post.status == 405)
        #expect(post.headers["Allow"] == "GET")
        #expect(post.errorCode == "method_not_allowed")
        let unknown = await h.api("/nothing/here")
        #expect(unknown.status == 404)
        #expect(unknown.errorCode == "not_found")
        #expect(unknown.headers["Content-Type"] == "application/json")
        let typo = await h.api("/users?activ=false")
        #expect(typo.status == 400)
        #expect(typo.errorCode == "invalid_parameter")
        #expect(await h.api("/users?active=yes").status == 400)
        #expect(await h.api("/users?active=true&active=false").status == 400)
        #expect(await h.api("/teams/x/members?history=maybe").status == 400)
        #expect(await h.api("/events?wait=31").status == 400)
        #expect(await h.api("/events?limit=1001").status == 400)
        #expect(await h.api("/access/a@b.c?x=1").status == 400)
    }
}
