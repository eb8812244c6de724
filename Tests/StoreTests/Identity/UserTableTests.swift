import Core
import Foundation
import Store
import Testing
import TestSupport

/// `UserTable` checks used by the reconciler's apply.
@Suite struct UserTableTests {
    private let acme = TenantName(rawValue: "acme")!

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
}
