import Core
import Foundation
import Testing
import TestSupport

@testable import Store

/// The diff view of users: Okta-owned attributes extracted by SQLite, with the semantics a parsed
/// attributes tree had (strings only, emails from an array, key order irrelevant).
@Suite struct UserSummaryTests {
    private let acme = TenantName(rawValue: "acme")!

    /// A database with tenant `acme`, one connection, and one user per attributes text (the
    /// second inactive, those at `deleted` deleted).
    private func summaries(of attributes: [String], deleted: Set<Int> = [2]) async throws -> [UserSummary] {
        try await withTemporaryDatabase { database, _ async throws in
            let directory = Directory(database: database)
            _ = try await directory.createTenant(acme, requestID: nil)
            let connectionID = try await directory.createConnection(tenant: acme, name: "okta", idp: .okta, requestID: nil).id
            let tenant = acme
            return try await database.write { connection in
                for (index, text) in attributes.enumerated() {
                    try UserTable.insert(
                        UserRecord(
                            id: "u\(index)", tenant: tenant, connectionID: connectionID, externalID: "00u\(index)",
                            userName: "user\(index)@example.com", userNameCanonical: "user\(index)@example.com",
                            active: index != 1, deletedAt: deleted.contains(index) ? Date(timeIntervalSince1970: 1_700_000_000) : nil,
                            attributes: text, createdAt: Date(timeIntervalSince1970: 1_700_000_000),
                            updatedAt: Date(timeIntervalSince1970: 1_700_000_001), version: index + 1),
                        on: connection)
                }
                return try UserTable.summaries(tenant: tenant, connectionID: connectionID, on: connection)
            }
        }
    }

    @Test func columnsAndOktaOwnedAttributesAreRead() async throws {
        let users = try await summaries(of: [
            #"{"userName":"user0@example.com","name":{"givenName":"Jane","familyName":"Doe"},"emails":[{"value":"Jane@Example.com","type":"work"},{"value":"j@home.example"}]}"#,
            #"{}"#,
            #"{"name":{"givenName":"Deleted"}}"#,
        ])
        #expect(users.map(\.id) == ["u0", "u1", "u2"])
        let jane = users[0]
        #expect(jane.externalID == "00u0" && jane.userName == "user0@example.com")
        #expect(jane.userNameCanonical == "user0@example.com" && jane.active && jane.deletedAt == nil && jane.hasAccess)
        #expect(jane.updatedAt == Date(timeIntervalSince1970: 1_700_000_001) && jane.version == 1)
        #expect(jane.givenName == "Jane" && jane.familyName == "Doe")
        #expect(jane.emails == ["Jane@Example.com", "j@home.example"])
        #expect(users[1].givenName == nil && users[1].familyName == nil && users[1].emails.isEmpty && !users[1].hasAccess)
        #expect(users[2].deletedAt != nil && !users[2].hasAccess && users[2].givenName == "Deleted")
    }

    @Test func usersComeInInsertionOrderWhateverTheIndexOrder() async throws {
        // Deleted and inactive users sort apart in the connection's indexes.
        let users = try await summaries(of: Array(repeating: "{}", count: 6), deleted: [0, 3])
        #expect(users.map(\.id) == ["u0", "u1", "u2", "u3", "u4", "u5"])
        #expect(users.map { $0.deletedAt != nil } == [true, false, false, true, false, false])
    }

    @Test func attributeKeyOrderDoesNotMatter() async throws {
        let users = try await summaries(of: [
            #"{"userName":"a","name":{"givenName":"Jane","familyName":"Doe"},"emails":[{"type":"work","value":"j@x.example"}],"active":true}"#,
            #"{"active":true,"emails":[{"value":"j@x.example","type":"work"}],"name":{"familyName":"Doe","givenName":"Jane"},"userName":"a"}"#,
        ])
        #expect(users[0].givenName == users[1].givenName && users[0].familyName == users[1].familyName)
        #expect(users[0].emails == users[1].emails)
    }

    @Test func onlyStringsCountAsNamesAndEmails() async throws {
        let users = try await summaries(of: [
            #"{"name":{"givenName":7,"familyName":{"x":"Doe"}},"emails":{"value":"not-an-array@x.example"}}"#,
            #"{"name":{"givenName":null,"familyName":["Doe"]},"emails":[{"value":3},"bare@x.example",{"value":"ok@x.example"}]}"#,
            #"{"name":"Jane Doe","emails":"j@x.example"}"#,
        ])
        for user in users { #expect(user.givenName == nil && user.familyName == nil) }
        #expect(users[0].emails.isEmpty)
        #expect(users[1].emails == ["ok@x.example"])
        #expect(users[2].emails.isEmpty)
    }

    @Test func escapedAndNonASCIIStringsAreDecoded() async throws {
        let users = try await summaries(of: [
            #"{"name":{"givenName":"Jo\"se\u00e9","familyName":"\u0301Accent"},"emails":[{"value":"tab\there@x.example"}]}"#,
            "{\"name\":{\"givenName\":\"Zoë\",\"familyName\":\"\u{301}Mark\"}}",
        ])
        #expect(users[0].givenName == "Jo\"seé")
        #expect(users[0].familyName == "\u{301}Accent")
        #expect(users[0].emails == ["tab\there@x.example"])
        #expect(users[1].givenName == "Zoë")
        // A leading combining mark is kept as it was stored.
        #expect(users[1].familyName?.unicodeScalars.first == "\u{301}")
        #expect(users[1].familyName?.unicodeScalars.count == 5)
    }

    @Test func oktaOwnedAttributesArray() {
        #expect(UserTable.oktaOwnedAttributes(nil) == (nil, nil, []))
        #expect(UserTable.oktaOwnedAttributes(#"["Jane","Doe",[{"value":"a@x"},{"value":"b@x"}]]"#) == ("Jane", "Doe", ["a@x", "b@x"]))
        #expect(UserTable.oktaOwnedAttributes(#"[null,null,null]"#) == (nil, nil, []))
        #expect(UserTable.oktaOwnedAttributes(#"["a\nb",1,{"value":"a@x"}]"#) == ("a\nb", nil, []))
        #expect(UserTable.oktaOwnedAttributes("not json") == (nil, nil, []))
        #expect(UserTable.oktaOwnedAttributes(#"["only two",null]"#) == (nil, nil, []))
    }
}
