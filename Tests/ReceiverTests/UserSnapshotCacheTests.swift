import Core
import Foundation
import HTTPServer
import Store
import Testing
import TestSupport

@testable import Receiver

/// The receiver's user snapshots: what they hold and for whom (units), and that a `PATCH`
/// computed from a snapshot never overrides the committed user or skips authentication
/// (handlers, through the router).
@Suite struct UserSnapshotCacheTests {
    private static func user(
        _ id: String, tenant: String = "acme", connection: String = "c1", version: Int = 1, deleted: Bool = false
    ) throws -> UserRecord {
        UserRecord(
            id: id, tenant: try TenantName.parse(tenant), connectionID: connection, externalID: nil,
            userName: "\(id)@example.com", userNameCanonical: "\(id)@example.com", active: true,
            deletedAt: deleted ? Date(unixMilliseconds: 5) : nil, attributes: "{}",
            createdAt: Date(timeIntervalSince1970: 1_700_000_000.123_456), updatedAt: Date(timeIntervalSince1970: 1_700_000_001.987_654),
            version: version)
    }

    @Test func snapshotsAreFoundOnlyUnderTheirOwnTenantAndConnection() throws {
        let cache = UserSnapshotCache()
        cache.remember(try Self.user("u1"))
        let acme = try TenantName.parse("acme")
        #expect(cache.user(tenant: acme, connectionID: "c1", id: "u1")?.id == "u1")
        #expect(cache.user(tenant: acme, connectionID: "c2", id: "u1") == nil)
        #expect(cache.user(tenant: try TenantName.parse("other"), connectionID: "c1", id: "u1") == nil)
        #expect(cache.user(tenant: acme, connectionID: "c1", id: "u2") == nil)
    }

    /// A clock with a sub-millisecond part that rounds up when stored (.4567 s is kept as 457 ms).
    private struct SubMillisecondClock: Core.Clock {
        func now() -> Date { Date(timeIntervalSince1970: 1_767_607_200.4567) }
    }

    /// What a write answers, what a `PATCH` computed from a snapshot answers, and what a later
    /// read returns carry the same `meta` times: the receiver's clock is at the store's precision.
    @Test func writesSnapshotsAndReadsAgreeOnMetaTimes() async throws {
        let scim = try await SCIMHarness.make(clock: SubMillisecondClock())
        defer { Task { await scim.close() } }
        let created = await scim.send(.post, "/Users", #"{"userName":"time@example.com"}"#)
        let id = try #require(created.string("id"))
        let body = patchBody(#"{"op":"replace","path":"title","value":"T"}"#)
        let patched = await scim.send(.patch, "/Users/\(id)", body)
        // The same patch again changes nothing: it is answered from the snapshot as it stands.
        let unchanged = await scim.send(.patch, "/Users/\(id)", body)
        let read = await scim.send(.get, "/Users/\(id)")
        let stored = read.json?["meta"]?["lastModified"]?.stringValue
        #expect(stored == "2026-01-05T10:00:00.457Z")
        #expect(read.json?["meta"]?["created"]?.stringValue == "2026-01-05T10:00:00.457Z")
        #expect(created.json?["meta"]?["lastModified"]?.stringValue == stored)
        #expect(patched.json?["meta"]?["lastModified"]?.stringValue == stored)
        #expect(unchanged.json?["meta"]?["lastModified"]?.stringValue == stored)
        #expect(unchanged.json?["meta"]?["version"] == read.json?["meta"]?["version"])
    }

    @Test func aLowerVersionNeverReplacesAHigherOneAndDeletedUsersAreForgotten() throws {
        let cache = UserSnapshotCache()
        let tenant = try TenantName.parse("acme")
        cache.remember(try Self.user("u1", version: 3))
        cache.remember(try Self.user("u1", version: 2))
        #expect(cache.user(tenant: tenant, connectionID: "c1", id: "u1")?.version == 3)
        cache.remember(try Self.user("u1", version: 4))
        #expect(cache.user(tenant: tenant, connectionID: "c1", id: "u1")?.version == 4)
        cache.remember(try Self.user("u1", version: 5, deleted: true))
        #expect(cache.user(tenant: tenant, connectionID: "c1", id: "u1") == nil)
        cache.remember(try Self.user("u2"))
        cache.forget(tenant: tenant, connectionID: "c1", id: "u2")
        #expect(cache.count == 0)
    }

    @Test func theCacheIsBoundedAndKeepsWhatIsUsed() throws {
        let cache = UserSnapshotCache()
        let tenant = try TenantName.parse("acme")
        let capacity = UserSnapshotCache.generationCapacity
        for index in 0..<capacity { cache.remember(try Self.user("u\(index)")) }
        // A full generation turns old on the next new user; a hit moves a user back to the new one.
        cache.remember(try Self.user("new0"))
        #expect(cache.user(tenant: tenant, connectionID: "c1", id: "u0") != nil)
        for index in 1...capacity { cache.remember(try Self.user("new\(index)")) }
        #expect(cache.count <= 2 * capacity)
        #expect(cache.user(tenant: tenant, connectionID: "c1", id: "u0") != nil, "used recently, so kept")
        #expect(cache.user(tenant: tenant, connectionID: "c1", id: "u1") == nil, "never used again, so dropped")
        for index in 0..<(3 * capacity) { cache.remember(try Self.user("more\(index)")) }
        #expect(cache.count <= 2 * capacity)
    }

    @Test func largeUsersAreBoundedByBytesNotOnlyByCount() throws {
        let cache = UserSnapshotCache()
        let tenant = try TenantName.parse("acme")
        // Users of about 1 MiB of attributes each, the largest body a SCIM request may carry.
        let blob = #"{"x":""# + String(repeating: "a", count: 1 << 20) + #""}"#
        for index in 0..<200 {
            var user = try Self.user("big\(index)")
            user.attributes = blob
            cache.remember(user)
        }
        #expect(cache.heldBytes <= 2 * UserSnapshotCache.generationByteCapacity + (1 << 21))
        #expect(cache.count < 40)
        #expect(cache.user(tenant: tenant, connectionID: "c1", id: "big199") != nil)
    }

    @Test func aPatchFromAStaleSnapshotAppliesToTheCommittedUser() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let id = try await scim.createUser("stale@example.com")
        // The receiver now holds the user as created. Another writer (the reconciler, say)
        // changes it behind the receiver's back.
        try await scim.database.write { [tenant = scim.tenant, connectionID = scim.connectionID] connection in
            let existing = try #require(try UserTable.find(tenant: tenant, connectionID: connectionID, id: id, on: connection))
            var updated = existing
            updated.attributes = #"{"userName":"stale@example.com","title":"Changed elsewhere","active":true}"#
            updated.version = existing.version + 1
            try UserTable.update(updated, from: existing, on: connection)
        }
        let reply = await scim.send(.patch, "/Users/\(id)", patchBody(#"{"op":"replace","path":"displayName","value":"Patched"}"#))
        #expect(reply.status == 200)
        #expect(reply.string("title") == "Changed elsewhere")
        #expect(reply.string("displayName") == "Patched")
        #expect(reply.json?["meta"]?["version"]?.stringValue == #"W/"3""#)
        let stored = await scim.send(.get, "/Users/\(id)").json
        #expect(stored?["title"]?.stringValue == "Changed elsewhere")
        #expect(stored?["displayName"]?.stringValue == "Patched")
    }

    @Test func aSnapshotNeverStandsInForTheToken() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let id = try await scim.createUser("held@example.com")
        let body = patchBody(#"{"op":"replace","path":"active","value":false}"#)
        #expect(await scim.send(.patch, "/Users/\(id)", body, token: "rst_wrong").status == 401)
        let other = try await scim.sibling(tenant: "acme")
        #expect(await scim.send(.patch, "/Users/\(id)", body, token: other.token).status == 401)
        // The same id under the other connection's URL is an unknown user there.
        #expect(await scim.send(.patch, "/Users/\(id)", body, token: other.token, base: other.base).status == 404)
        let stored = await scim.send(.get, "/Users/\(id)").json
        #expect(stored?["active"] == .bool(true))
        #expect(stored?["meta"]?["version"]?.stringValue == #"W/"1""#)
    }

    @Test func aDeletedUserIsNotPatchedFromItsSnapshot() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let body = patchBody(#"{"op":"replace","path":"active","value":true}"#)
        let id = try await scim.createUser("gone@example.com")
        #expect(await scim.send(.delete, "/Users/\(id)").status == 204)
        #expect(await scim.send(.patch, "/Users/\(id)", body).status == 404)
        // Deleted behind the receiver's back, while it still holds the live user.
        let other = try await scim.createUser("gone-too@example.com")
        try await scim.database.write { [tenant = scim.tenant, connectionID = scim.connectionID] connection in
            let existing = try #require(try UserTable.find(tenant: tenant, connectionID: connectionID, id: other, on: connection))
            var updated = existing
            updated.active = false
            updated.deletedAt = Date()
            updated.version = existing.version + 1
            try UserTable.update(updated, from: existing, on: connection)
        }
        #expect(await scim.send(.patch, "/Users/\(other)", body).status == 404)
    }
}
