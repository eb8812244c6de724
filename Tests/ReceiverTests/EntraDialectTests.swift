import Core
import Foundation
import HTTPServer
import Testing

/// What Microsoft Entra ID really sends (okta-protocol.md B).
@Suite("Entra dialect")
struct EntraDialectTests {
    @Test func testConnectionAndMatching() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        // Test Connection: a filter on a random GUID answers 200 with an empty ListResponse.
        var reply = await scim.send(.get, "/Users?filter=" + "externalId eq \"\(UUID().uuidString)\"".urlQueryEncoded)
        #expect(reply.status == 200)
        #expect(reply.json?["totalResults"]?.numberValue == 0)
        let id = try await scim.createUser("jyoung@example.com", externalID: "jyoung")
        // The unquoted form from Microsoft's docs, and the email value path.
        reply = await scim.send(.get, "/Users?filter=" + "externalId eq jyoung".urlQueryEncoded)
        #expect(reply.json?["Resources"]?.arrayValue?.first?["id"]?.stringValue == id)
        _ = await scim.send(
            .patch, "/Users/\(id)",
            patchBody(#"{"op":"Replace","path":"emails[type eq \"work\"].value","value":"JYoung@Example.com"}"#))
        reply = await scim.send(
            .get, "/Users?filter=" + "emails[type eq \"work\"].value eq \"jyoung@example.com\"".urlQueryEncoded)
        #expect(reply.json?["totalResults"]?.numberValue == 1)
        // Unknown query parameters (the compliance flag) are ignored.
        reply = await scim.send(.get, "/Users?aadOptscim062020&filter=" + "userName eq \"jyoung@example.com\"".urlQueryEncoded)
        #expect(reply.json?["totalResults"]?.numberValue == 1)
    }

    @Test func patchDialects() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let id = try await scim.createUser("entra@example.com", externalID: "e1")
        // Capitalised op and a string boolean deactivate.
        var reply = await scim.send(.patch, "/Users/\(id)", patchBody(#"{"op":"Replace","path":"active","value":"False"}"#))
        #expect(reply.status == 200)
        #expect(reply.json?["active"] == .bool(false))
        reply = await scim.send(.patch, "/Users/\(id)", patchBody(#"{"op":"replace","path":"active","value":"True"}"#))
        #expect(reply.json?["active"] == .bool(true))
        // aadOptscim062020: one path-less replace with dotted and URN-prefixed keys.
        reply = await scim.send(
            .patch, "/Users/\(id)",
            patchBody(
                #"{"op":"replace","value":{"displayName":"E. Ntra","name.givenName":"Ent","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"42"}}"#
            ))
        #expect(reply.status == 200)
        #expect(reply.string("displayName") == "E. Ntra")
        #expect(reply.json?["name"]?["givenName"]?.stringValue == "Ent")
        #expect(reply.json?["name"]?["familyName"]?.stringValue == "F")
        #expect(reply.json?["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]?["employeeNumber"]?.stringValue == "42")
        // Manager as a plain string on the URN path.
        reply = await scim.send(
            .patch, "/Users/\(id)",
            patchBody(#"{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"boss-id"}"#))
        #expect(reply.status == 200)
    }

    @Test func groupsWithExcludedMembersAndLegacyRemoval() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let alice = try await scim.createUser("alice@example.com")
        let bob = try await scim.createUser("bob@example.com")
        var reply = await scim.send(
            .post, "/Groups",
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],"displayName":"Sales","externalId":"g-1","members":[]}"#)
        #expect(reply.status == 201)
        let group = try #require(reply.string("id"))
        reply = await scim.send(
            .patch, "/Groups/\(group)",
            patchBody(#"{"op":"Add","path":"members","value":[{"$ref":null,"value":"\#(alice)"},{"value":"\#(bob)"}]}"#))
        #expect(reply.status == 204)
        #expect(Set(await scim.memberIDs(group)) == [alice, bob])
        // Legacy removal: path members with a value list.
        reply = await scim.send(.patch, "/Groups/\(group)", patchBody(#"{"op":"Remove","path":"members","value":[{"value":"\#(bob)"}]}"#))
        #expect(reply.status == 204)
        #expect(await scim.memberIDs(group) == [alice])
        // excludedAttributes=members on one group and on a filtered list.
        reply = await scim.send(.get, "/Groups/\(group)?excludedAttributes=members")
        #expect(reply.json?["members"] == nil)
        #expect(reply.string("displayName") == "Sales")
        reply = await scim.send(.get, "/Groups?excludedAttributes=members&filter=" + "displayName eq \"sales\"".urlQueryEncoded)
        #expect(reply.json?["totalResults"]?.numberValue == 1)
        #expect(reply.json?["Resources"]?.arrayValue?.first?["members"] == nil)
        reply = await scim.send(.get, "/Groups?filter=" + "externalId eq \"g-1\"".urlQueryEncoded)
        #expect(reply.json?["totalResults"]?.numberValue == 1)
        // Entra hard-deletes users.
        #expect(await scim.send(.delete, "/Users/\(alice)").status == 204)
        #expect(await scim.memberIDs(group) == [])
    }
}
