import Core
import Foundation
import Testing
import TestSupport

@testable import Store

/// Finding users by canonical userName when some holders are deleted: live holders come from the
/// unique `users_user_name` index, deleted ones from `users_deleted_user_name` (migration 0010),
/// and the queries that need both still see both.
@Suite struct UserNameLookupTests {
    private let acme = TenantName(rawValue: "acme")!

    /// Users `u0`…`u3` holding `name@example.com` in turn: `u0`, `u1` and `u3` deleted (at times
    /// 1, 3 and 2), `u2` live unless `allDeleted`; plus `other` under another name.
    private func withHolders<T: Sendable>(
        allDeleted: Bool = false, _ body: @escaping @Sendable (SQLiteConnection) throws -> T
    ) async throws -> T {
        try await withTenantDatabase(acme) { [acme] database, connectionID async throws in
            let tenant = acme
            try await database.write { connection in
                var deletedAt: [String: Double] = ["u0": 1, "u1": 3, "u3": 2]
                if allDeleted { deletedAt["u2"] = 0 }
                for id in ["u0", "u1", "u2", "u3", "other"] {
                    let name = id == "other" ? "other@example.com" : "name@example.com"
                    try UserTable.insert(
                        UserRecord(
                            id: id, tenant: tenant, connectionID: connectionID, externalID: "00\(id)", userName: name,
                            userNameCanonical: name, active: deletedAt[id] == nil,
                            deletedAt: deletedAt[id].map { Date(timeIntervalSince1970: 1_700_000_000 + $0) },
                            attributes: "{}", createdAt: Date(timeIntervalSince1970: 1_700_000_000),
                            updatedAt: Date(timeIntervalSince1970: 1_700_000_000)),
                        on: connection)
                }
            }
            return try await database.read(body)
        }
    }

    @Test func auditLookupFindsLiveAndDeletedHoldersInInsertionOrder() async throws {
        let tenant = acme
        let ids = try await withHolders { connection in
            try AuditQuery.userIDs(
                tenant: tenant, userNameCanonical: "name@example.com", userName: "name@example.com", on: connection)
        }
        #expect(ids == ["u0", "u1", "u2", "u3"])
    }

    @Test func accessPrefersTheLiveHolderAndOtherwiseNamesTheLatestDeleted() async throws {
        let tenant = acme
        let (live, other, unknown) = try await withHolders { connection in
            (
                try PlatformQuery.access(tenant: tenant, userNameCanonical: "name@example.com", on: connection),
                try PlatformQuery.access(tenant: tenant, userNameCanonical: "other@example.com", on: connection),
                try PlatformQuery.access(tenant: tenant, userNameCanonical: "nobody@example.com", on: connection)
            )
        }
        #expect(live.userID == "u2" && live.reason == .active)
        #expect(other.userID == "other" && other.reason == .active)
        #expect(unknown.userID == nil && unknown.reason == .unknownUser)
        let deleted = try await withHolders(allDeleted: true) { connection in
            try PlatformQuery.access(tenant: tenant, userNameCanonical: "name@example.com", on: connection)
        }
        #expect(deleted.userID == "u1" && deleted.reason == .deleted)
    }

    @Test func deletedLookupIsServedByThePartialIndex() async throws {
        let plan = try await withHolders { connection in
            try connection.query(
                """
                EXPLAIN QUERY PLAN SELECT id FROM users
                WHERE tenant = ? AND user_name_canonical = ? AND deleted_at IS NOT NULL ORDER BY deleted_at DESC LIMIT 1
                """, "acme", "name@example.com"
            ).map { try $0.value(at: 3, as: String.self) }
        }
        #expect(plan.contains { $0.contains("USING INDEX users_deleted_user_name") }, "\(plan)")
    }

    /// The platform API's tenant-wide `externalId` filter, served per connection since migration
    /// 0010: users of every connection of the tenant are found, deleted ones and other tenants'
    /// are not.
    @Test func platformExternalIdFilterSpansTheTenantsConnections() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            let directory = Directory(database: database)
            let globex = TenantName(rawValue: "globex")!
            for tenant in [acme, globex] { _ = try await directory.createTenant(tenant, requestID: nil) }
            let okta = try await directory.createConnection(tenant: acme, name: "okta", idp: .okta, requestID: nil).id
            let entra = try await directory.createConnection(tenant: acme, name: "entra", idp: .entra, requestID: nil).id
            let foreign = try await directory.createConnection(tenant: globex, name: "okta", idp: .okta, requestID: nil).id
            let (acme, time) = (acme, Date(timeIntervalSince1970: 1_700_000_000))
            try await database.write { connection in
                for (id, tenant, connectionID, externalID, deleted) in [
                    ("a1", acme, okta, "shared", false), ("a2", acme, entra, "shared", false),
                    ("a3", acme, okta, "gone", true), ("a4", acme, entra, "other", false),
                    ("g1", globex, foreign, "shared", false),
                ] {
                    try UserTable.insert(
                        UserRecord(
                            id: id, tenant: tenant, connectionID: connectionID, externalID: externalID,
                            userName: "\(id)@example.com", userNameCanonical: "\(id)@example.com", active: true,
                            deletedAt: deleted ? time : nil, attributes: "{}", createdAt: time, updatedAt: time),
                        on: connection)
                }
            }
            let found = try await database.read { connection in
                try ["shared", "gone", "other", "none"].map { externalID in
                    try PlatformQuery.users(
                        tenant: acme, filter: UserFilter(externalID: externalID), after: 0, limit: 10, on: connection
                    ).map(\.value.id)
                }
            }
            #expect(found == [["a1", "a2"], [], ["a4"], []])
        }
    }

    /// Without statistics SQLite would rather walk a tenant-wide rowid-ordered index than seek the
    /// `externalId`; the statement must keep it on the seek, with or without an `active` filter.
    @Test func platformExternalIdFilterSeeksTheIndex() async throws {
        let tenant = acme
        let plans = try await withHolders { connection in
            try [UserFilter(externalID: "00u1"), UserFilter(active: true, externalID: "00u1")].map { filter in
                let (sql, arguments) = PlatformQuery.usersStatement(tenant: tenant, filter: filter, after: 0, limit: 50)
                return try connection.query("EXPLAIN QUERY PLAN " + sql, arguments: arguments)
                    .map { try $0.value(at: 3, as: String.self) }.joined(separator: " | ")
            }
        }
        for plan in plans {
            #expect(plan.contains("SEARCH u USING INDEX users_external_id"), "\(plan)")
        }
    }
}

