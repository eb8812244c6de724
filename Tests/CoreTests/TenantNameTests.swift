import Core
import Foundation
import Testing

@Suite("Tenant names")
struct TenantNameTests {
    @Test("valid slugs are accepted", arguments: ["acme", "a", "acme-corp", "0day", String(repeating: "x", count: 63)])
    func valid(_ text: String) throws {
        let name = try TenantName.parse(text)
        #expect(name.rawValue == text)
    }

    @Test(
        "invalid slugs are rejected",
        arguments: ["", "-acme", "acme-", "Acme", "ac_me", "ac me", "acmé", "a/b", String(repeating: "x", count: 64)])
    func invalid(_ text: String) {
        #expect(throws: DomainError.invalidTenantName(text)) { try TenantName.parse(text) }
        #expect(TenantName(rawValue: text) == nil)
    }

    @Test func connectionBasePath() throws {
        let connection = Connection(
            id: "abc123", tenant: try TenantName.parse("acme"), name: "Okta", idp: .okta, createdAt: .init())
        #expect(connection.scimBasePath == "/scim/v2/acme/abc123")
    }

    @Test("connection names", arguments: [("Okta prod", true), ("", false), ("   ", false), ("a\u{7}b", false)])
    func connectionNames(_ name: String, _ valid: Bool) {
        #expect(((try? Connection.validateName(name)) != nil) == valid)
    }

    @Test func tokenScope() {
        #expect(TokenScope.scim(connectionID: "c1").connectionID == "c1")
        #expect(TokenScope.scim(connectionID: "c1").kind == "scim")
        #expect(TokenScope.platform.connectionID == nil)
        #expect(TokenScope.platform.kind == "platform")
    }
}
