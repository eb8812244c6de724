import Core
import Foundation
import HTTPServer
import Receiver
import Store
import Testing

/// Groups become teams; membership changes, parking, teams following access, concurrency and
/// large groups.
@Suite("Teams and memberships")
struct MembershipTests {
    @Test func oktaCatalogGroupPush() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let a = try await scim.createUser("a@example.com")
        let b = try await scim.createUser("b@example.com")
        let group = try await scim.createGroup("Eng")
        // Rename right after create, the path-less form with the echoed id (okta-protocol.md A7).
        var reply = await scim.send(
            .patch, "/Groups/\(group)", patchBody(#"{"op":"replace","value":{"id":"\#(group)","displayName":"Engineering"}}"#))
        #expect(reply.status == 204)
        reply = await scim.send(
            .patch, "/Groups/\(group)",
            patchBody(
                #"{"op":"add","path":"members","value":[{"value":"\#(a)","display":"a@example.com"},{"value":"\#(b)"}]}"#))
        #expect(reply.status == 204)
        #expect(await scim.memberIDs(group) == [a, b])
        // Replayed add and removal of an absent member both succeed and change nothing.
        reply = await scim.send(.patch, "/Groups/\(group)", patchBody(#"{"op":"add","path":"members","value":[{"value":"\#(a)"}]}"#))
        #expect(reply.status == 204)
        reply = await scim.send(
            .patch, "/Groups/\(group)",
            patchBody(#"{"op":"remove","path":"members[value eq \"\#(b)\"]"},{"op":"remove","path":"members[value eq \"nobody\"]"}"#))
        #expect(reply.status == 204)
        #expect(await scim.memberIDs(group) == [a])
        // Push now: full overwrite, including to empty.
        reply = await scim.send(.patch, "/Groups/\(group)", patchBody(#"{"op":"replace","path":"members","value":[{"value":"\#(b)"}]}"#))
        #expect(await scim.memberIDs(group) == [b])
        reply = await scim.send(.patch, "/Groups/\(group)", patchBody(#"{"op":"replace","path":"members","value":[]}"#))
        #expect(await scim.memberIDs(group) == [])
        // The user's groups are derived from memberships.
        _ = await scim.send(.patch, "/Groups/\(group)", patchBody(#"{"op":"add","path":"members","value":[{"value":"\#(a)"}]}"#))
        reply = await scim.send(.get, "/Users/\(a)")
        #expect(reply.json?["groups"]?.arrayValue?.first?["display"]?.stringValue == "Engineering")
        // Unlink with delete: the team is archived, memberships end, SCIM answers 404.
        #expect(await scim.send(.delete, "/Groups/\(group)").status == 204)
        #expect(await scim.send(.get, "/Groups/\(group)").status == 404)
        reply = await scim.send(.get, "/Users/\(a)")
        #expect(reply.json?["groups"] == nil)
        let actions = try await scim.auditActions()
        for action in ["team.created", "team.renamed", "member.added", "member.removed", "team.archived"] {
            #expect(actions.contains(action), "\(action)")
        }
    }

    @Test func aiwGroupPutWithFullMemberList() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let a = try await scim.createUser("a@example.com")
        let b = try await scim.createUser("b@example.com")
        let c = try await scim.createUser("c@example.com")
        let group = try await scim.createGroup("Ops", members: [a, b])
        #expect(await scim.memberIDs(group) == [a, b])
        let put = #"{"displayName":"Ops","members":[{"value":"\#(b)"},{"value":"\#(c)"}]}"#
        #expect(await scim.send(.put, "/Groups/\(group)", put).status == 200)
        // Sent twice, as AIW does: the second PUT changes nothing.
        let second = await scim.send(.put, "/Groups/\(group)", put)
        #expect(second.json?["meta"]?["version"]?.stringValue == "W/\"2\"")
        #expect(Set(await scim.memberIDs(group)) == [b, c])
    }

    @Test func teamsFollowAccess() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let user = try await scim.createUser("leaver@example.com")
        let eng = try await scim.createGroup("Eng", members: [user])
        let ops = try await scim.createGroup("Ops", members: [user])
        // Unassigned in Okta: active false → leaves every team at once.
        _ = await scim.send(.patch, "/Users/\(user)", patchBody(#"{"op":"replace","value":{"active":false}}"#))
        #expect(await scim.memberIDs(eng) == [])
        #expect(await scim.memberIDs(ops) == [])
        // Okta keeps deactivated users in its groups and may push them: they stay out.
        _ = await scim.send(.patch, "/Groups/\(eng)", patchBody(#"{"op":"add","path":"members","value":[{"value":"\#(user)"}]}"#))
        #expect(await scim.memberIDs(eng) == [])
        // Removed from Ops in Okta while inactive.
        _ = await scim.send(.patch, "/Groups/\(ops)", patchBody(#"{"op":"remove","path":"members[value eq \"\#(user)\"]"}"#))
        // Reassigned: memberships ended by the access loss come back, the explicit removal does not.
        _ = await scim.send(.patch, "/Users/\(user)", patchBody(#"{"op":"replace","value":{"active":true}}"#))
        #expect(await scim.memberIDs(eng) == [user])
        #expect(await scim.memberIDs(ops) == [])
        let history = try await scim.database.read { connection in
            try connection.query(
                "SELECT removed_reason FROM memberships WHERE user_id = ? AND removed_at IS NOT NULL", user
            ).map { try $0.value(at: 0, as: String.self) }
        }
        #expect(history.contains("access-ended"))
    }

    @Test func parkedMembershipsResolveWhenTheUserAppears() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let group = try await scim.createGroup("Eng")
        let restoredID = "0f0e5c1e-1111-4222-8333-444455556666"
        let reply = await scim.send(.patch, "/Groups/\(group)", patchBody(#"{"op":"add","path":"members","value":[{"value":"\#(restoredID)"}]}"#))
        #expect(reply.status == 204)
        #expect(await scim.memberIDs(group) == [])
        let open = try await scim.database.read { [tenant = scim.tenant] connection in
            try ParkedOperationTable.openCount(tenant: tenant, on: connection)
        }
        #expect(open == 1)
        // A replayed push does not park twice.
        _ = await scim.send(.patch, "/Groups/\(group)", patchBody(#"{"op":"add","path":"members","value":[{"value":"\#(restoredID)"}]}"#))
        let stillOpen = try await scim.database.read { [tenant = scim.tenant] connection in
            try ParkedOperationTable.openCount(tenant: tenant, on: connection)
        }
        #expect(stillOpen == 1)
    }

    @Test func concurrentDuplicateCreatesMakeOneUser() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let statuses = await withTaskGroup(of: (Int, String?).self) { group in
            for index in 0..<32 {
                group.addTask {
                    // Half retry with the externalId (idempotent), half without (409).
                    let body = index % 2 == 0
                        ? #"{"userName":"dup@example.com","externalId":"00udup"}"#
                        : #"{"userName":"DUP@example.com"}"#
                    let reply = await scim.send(.post, "/Users", body)
                    return (reply.status, reply.string("id"))
                }
            }
            var collected: [(Int, String?)] = []
            for await item in group { collected.append(item) }
            return collected
        }
        let ids = Set(statuses.compactMap { $0.1 })
        #expect(ids.count == 1)
        #expect(statuses.allSatisfy { $0.0 == 201 || $0.0 == 409 })
        let list = await scim.send(.get, "/Users")
        #expect(list.json?["totalResults"]?.numberValue == 1)
    }

    @Test func concurrentMembershipPatchesLoseNothing() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        var users: [String] = []
        for index in 0..<40 { users.append(try await scim.createUser("u\(index)@example.com")) }
        let group = try await scim.createGroup("Everyone")
        await withTaskGroup(of: Void.self) { tasks in
            for user in users {
                tasks.addTask {
                    _ = await scim.send(.patch, "/Groups/\(group)", patchBody(#"{"op":"add","path":"members","value":[{"value":"\#(user)"}]}"#))
                }
            }
        }
        #expect(Set(await scim.memberIDs(group)) == Set(users))
    }

    /// Concurrent PATCHes of one user: each is computed from a snapshot read before the write,
    /// which a concurrent write makes stale; the writer notices (the version moved) and applies the
    /// patch again to the committed user, so no added value is lost and the version counts them all.
    @Test func concurrentUserPatchesLoseNothing() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let user = try await scim.createUser("busy@example.com")
        let numbers = (0..<30).map { "+1555000\(1000 + $0)" }
        let statuses = await withTaskGroup(of: Int.self) { tasks in
            for number in numbers {
                tasks.addTask {
                    await scim.send(
                        .patch, "/Users/\(user)",
                        patchBody(#"{"op":"add","path":"phoneNumbers","value":[{"value":"\#(number)","type":"work"}]}"#)
                    ).status
                }
            }
            return await tasks.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 200 })
        let stored = await scim.send(.get, "/Users/\(user)").json
        let phones = stored?["phoneNumbers"]?.arrayValue?.compactMap { $0["value"]?.stringValue } ?? []
        #expect(Set(phones) == Set(numbers))
        #expect(stored?["meta"]?["version"]?.stringValue == #"W/"\#(1 + numbers.count)""#)
    }

    @Test func largeGroup() async throws {
        var settings = SCIMSettings(publicBaseURL: "https://roster.test")
        settings.maxBodyBytes = 16 * 1024 * 1024
        let scim = try await SCIMHarness.make(settings: settings)
        defer { Task { await scim.close() } }
        let count = 100_000
        // Users are inserted directly: the test is about the group, not 100,000 POSTs.
        let ids = (0..<count).map { String(format: "00000000-0000-4000-8000-%012d", $0) }
        let tenant = scim.tenant
        let connectionID = scim.connectionID
        try await scim.database.write { connection in
            let now = Date()
            for (index, id) in ids.enumerated() {
                try UserTable.insert(
                    UserRecord(
                        id: id, tenant: tenant, connectionID: connectionID, externalID: nil, userName: "u\(index)@x.com",
                        userNameCanonical: "u\(index)@x.com", active: true, attributes: #"{"userName":"u\#(index)@x.com"}"#,
                        createdAt: now, updatedAt: now),
                    on: connection)
            }
        }
        let group = try await scim.createGroup("Big")
        let clock = ContinuousClock()
        let members = ids.map { #"{"value":"\#($0)"}"# }.joined(separator: ",")
        let added = await clock.measure {
            let reply = await scim.send(.patch, "/Groups/\(group)", patchBody(#"{"op":"add","path":"members","value":[\#(members)]}"#))
            #expect(reply.status == 204, "\(reply.body.prefix(300))")
        }
        let listed = await scim.send(.get, "/Groups?excludedAttributes=members")
        #expect(listed.json?["Resources"]?.arrayValue?.first?["members"] == nil)
        let full = await scim.send(.get, "/Groups/\(group)")
        #expect(full.json?["members"]?.arrayValue?.count == count)
        let removed = await clock.measure {
            let reply = await scim.send(.patch, "/Groups/\(group)", patchBody(#"{"op":"remove","path":"members[value eq \"\#(ids[500])\"]"}"#))
            #expect(reply.status == 204)
        }
        #expect(await scim.memberIDs(group).count == count - 1)
        // One membership change on a huge team must not rewrite it (no quadratic work).
        #expect(removed < added / 10, "remove took \(removed), add took \(added)")
        print("large group: add 100,000 members \(added), remove one \(removed)")
    }
}
