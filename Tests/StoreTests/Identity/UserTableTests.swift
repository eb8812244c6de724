import Core
import Foundation
import Store
import Testing
import TestSupport

/// `UserTable` checks used by the reconciler's apply.
@Suite struct UserTableTests {
    private let acme = TenantName(rawValue: "acme")!
    private static let start = Date(timeIntervalSince1970: 1_700_000_000)

    /// Runs `body` in one write transaction of a fresh database with tenant `acme` and its Okta
    /// connection, after inserting user `u1` (`a@x.example`, external id `00u1`, active).
    private func withUserU1(
        emailValues: [String] = [], attributes: String = "{}",
        _ body: @escaping @Sendable (SQLiteConnection, TenantName, String, UserRecord) throws -> Void
    ) async throws {
        try await withTenantDatabase(acme) { [acme] database, okta async throws in
            try await database.write { connection in
                let user = UserRecord(
                    id: "u1", tenant: acme, connectionID: okta, externalID: "00u1", userName: "A@x.example",
                    userNameCanonical: "a@x.example", active: true, attributes: attributes, emailValues: emailValues,
                    createdAt: Self.start, updatedAt: Self.start)
                try UserTable.insert(user, on: connection)
                try body(connection, acme, okta, user)
            }
        }
    }

    @Test func collisionsOfANewUserAreFound() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            let directory = Directory(database: database)
            _ = try await directory.createTenant(acme, requestID: nil)
            let okta = try await directory.createConnection(tenant: acme, name: "okta", idp: .okta, requestID: nil).id
            let other = try await directory.createConnection(tenant: acme, name: "entra", idp: .entra, requestID: nil).id
            let tenant = acme
            try await database.write { connection in
                let now = Date()
                try UserTable.insert(
                    UserRecord(
                        id: "taken", tenant: tenant, connectionID: other, externalID: "00uOther", userName: "a@x.example",
                        userNameCanonical: "a@x.example", active: true, attributes: "{}", createdAt: now, updatedAt: now),
                    on: connection)
                try UserTable.insert(
                    UserRecord(
                        id: "gone", tenant: tenant, connectionID: okta, externalID: "00uGone", userName: "b@x.example",
                        userNameCanonical: "b@x.example", active: false, deletedAt: now, attributes: "{}", createdAt: now,
                        updatedAt: now),
                    on: connection)
                func collides(_ id: String, _ externalID: String, _ canonical: String) throws -> Bool {
                    try UserTable.wouldCollide(
                        tenant: tenant, connectionID: okta, id: id, externalID: externalID, userNameCanonical: canonical,
                        on: connection)
                }
                #expect(try !collides("new", "00uNew", "new@x.example"))
                #expect(try collides("taken", "00uNew", "new@x.example"))  // id of another connection
                #expect(try collides("new", "00uGone", "new@x.example"))  // externalId of a deleted user
                #expect(try !collides("new", "00uOther", "new@x.example"))  // externalId of another connection
                #expect(try collides("new", "00uNew", "a@x.example"))  // live userName, any connection
                #expect(try !collides("new", "00uNew", "b@x.example"))  // a deleted user frees its userName
            }
        }
    }

    /// Every selection shape of `list`: the connection's live users only, in insertion order,
    /// pages with their total (counted when the page is full or starts later).
    @Test func listSelectsPagesAndCountsEveryShape() async throws {
        try await withUserU1(emailValues: ["a@x.example"]) { connection, tenant, okta, _ in
            for index in 2...5 {
                try UserTable.insert(
                    UserRecord(
                        id: "u\(index)", tenant: tenant, connectionID: okta, externalID: "00u\(index)",
                        userName: "u\(index)@x.example", userNameCanonical: "u\(index)@x.example", active: true,
                        deletedAt: index == 5 ? Self.start : nil, attributes: "{}",
                        emailValues: ["shared@x.example"], createdAt: Self.start, updatedAt: Self.start),
                    on: connection)
            }
            func list(_ selection: UserSelection, offset: Int = 0, limit: Int = 10) throws -> (Int, [String]) {
                let (total, users) = try UserTable.list(
                    tenant: tenant, connectionID: okta, selection: selection, offset: offset, limit: limit, on: connection)
                return (total, users.map(\.id))
            }
            #expect(try list(.all) == (4, ["u1", "u2", "u3", "u4"]))  // u5 is deleted
            #expect(try list(.all, offset: 1, limit: 2) == (4, ["u2", "u3"]))
            #expect(try list(.all, offset: 0, limit: 0) == (4, []))
            #expect(try list(.id("u3")) == (1, ["u3"]))
            #expect(try list(.id("u5")) == (0, []))
            #expect(try list(.userName(canonical: "u2@x.example")) == (1, ["u2"]))
            #expect(try list(.externalID("00u4"), offset: 1) == (1, []))
            #expect(try list(.email(canonical: "shared@x.example"), limit: 2) == (3, ["u2", "u3"]))
            #expect(try list(.email(canonical: "a@x.example")) == (1, ["u1"]))
            let other = TenantName(rawValue: "other")!
            #expect(
                try UserTable.list(
                    tenant: other, connectionID: okta, selection: .all, offset: 0, limit: 10, on: connection
                ).total == 0)
        }
    }

    /// An update sets only the columns that changed (and rewrites email rows only when the emails
    /// changed), yet reads back exactly as the new record, through every lookup that indexes it.
    @Test func updateWritesTheChangesOverThePreviousRow() async throws {
        try await withUserU1(emailValues: ["a@x.example"], attributes: #"{"active":true}"#) {
            connection, tenant, okta, inserted in
            let start = Self.start
            var user = inserted
            func reread() throws -> UserRecord? {
                try UserTable.find(tenant: tenant, connectionID: okta, id: "u1", includeDeleted: true, on: connection)
            }
            // Each step changes a different set of columns, ending deleted.
            let steps: [(inout UserRecord) -> Void] = [
                { $0.active = false; $0.attributes = #"{"active":false}"# },
                { $0.userName = "B@x.example"; $0.userNameCanonical = "b@x.example" },
                { $0.externalID = "00u9"; $0.emailValues = ["b@x.example", "c@x.example"] },
                { _ in },  // only the clock and version
                { $0.externalID = nil; $0.emailValues = [] },
                { $0.deletedAt = start.addingTimeInterval(9) },
            ]
            for (index, step) in steps.enumerated() {
                let previous = try #require(try reread())
                var next = previous
                step(&next)
                next.updatedAt = start.addingTimeInterval(Double(index + 1))
                next.version = previous.version + 1
                try UserTable.update(next, from: previous, on: connection)
                #expect(try reread() == next, "step \(index)")
                user = next
            }
            #expect(user.deletedAt != nil && user.version == 7)
            // The indexes followed: the old names find nothing, the deleted user is not live.
            #expect(try UserTable.find(tenant: tenant, userNameCanonical: "a@x.example", on: connection) == nil)
            #expect(try UserTable.find(tenant: tenant, userNameCanonical: "b@x.example", on: connection) == nil)
            #expect(try UserTable.find(tenant: tenant, connectionID: okta, externalID: "00u9", on: connection) == nil)
            let emailRows = try connection.query("SELECT COUNT(*) FROM user_emails WHERE user_id = 'u1'")
            #expect(try emailRows.first?.value(at: 0, as: Int.self) == 0)
        }
    }

    /// An update from a copy that is not the stored user (its version moved on) writes nothing
    /// and is refused: no lost update, whatever the caller believed.
    @Test func anUpdateFromAnOutdatedCopyIsRefused() async throws {
        try await withUserU1 { connection, tenant, okta, original in
            var first = original
            first.active = false
            first.version = 2
            try UserTable.update(first, from: original, on: connection)
            var second = original
            second.userName = "b@x.example"
            second.userNameCanonical = "b@x.example"
            second.version = 2
            #expect(throws: StoreError.self) { try UserTable.update(second, from: original, on: connection) }
            let stored = try UserTable.find(tenant: tenant, connectionID: okta, id: "u1", on: connection)
            #expect(stored == first)
        }
    }
}
