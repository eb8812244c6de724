import Core
import Foundation
import HTTPServer
import Testing

/// Okta's SCIM 2.0 spec test (okta-protocol.md A10), step by step, and the CRUD flow (A11) as an
/// AIW app drives it (GET then full PUT).
@Suite("Okta SCIM 2.0 spec and CRUD flows")
struct OktaSpecTests {
    static let okta = #"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "userName":"jdoe@example.com","name":{"givenName":"Jane","familyName":"Doe"},
         "emails":[{"primary":true,"value":"jdoe@example.com","type":"work"}],
         "displayName":"Jane Doe","locale":"en-US","title":"Engineer",
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D"},
         "externalId":"00u1abcdEFGH2ijk3l4","groups":[],"password":"x8Kq2mZa","active":true}
        """#

    @Test func specSteps() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        // "At least one user must already exist on the server."
        _ = try await scim.createUser("existing@atko.com")

        // 1
        var reply = await scim.send(.get, "/Users?count=1&startIndex=1")
        #expect(reply.status == 200)
        #expect(reply.json?["schemas"] == .array([.string("urn:ietf:params:scim:api:messages:2.0:ListResponse")]))
        #expect(reply.json?["itemsPerPage"]?.numberValue == 1)
        #expect(reply.json?["startIndex"]?.numberValue == 1)
        #expect(reply.json?["totalResults"]?.numberValue == 1)
        let first = try #require(reply.json?["Resources"]?.arrayValue?.first)
        let isvUserID = try #require(first["id"]?.stringValue)
        #expect(first["name"]?["familyName"]?.stringValue == "F")
        #expect(first["active"] == .bool(true))
        // 2
        reply = await scim.send(.get, "/Users/\(isvUserID)")
        #expect(reply.status == 200)
        #expect(reply.string("id") == isvUserID)
        #expect(reply.headers["Content-Type"] == "application/scim+json")
        // 3, 5
        for name in ["abcdefgh@atko.com", "Runscope123Doe@atko.com"] {
            reply = await scim.send(.get, "/Users?filter=" + "userName eq \"\(name)\"".urlQueryEncoded)
            #expect(reply.status == 200)
            #expect(reply.json?["totalResults"]?.numberValue == 0)
            #expect(reply.json?["Resources"] == .array([]))
        }
        // 4, 12
        for id in ["010101001010101011001010101011", "00919288221112222"] {
            reply = await scim.send(.get, "/Users/\(id)")
            #expect(reply.status == 404)
            #expect(reply.string("status") == "404")
            #expect(reply.string("detail")?.isEmpty == false)
            #expect(reply.json?["schemas"] == .array([.string("urn:ietf:params:scim:api:messages:2.0:Error")]))
        }
        // 6
        reply = await scim.send(.post, "/Users", Self.okta)
        #expect(reply.status == 201)
        let id = try #require(reply.string("id"))
        #expect(reply.json?["active"] == .bool(true))
        #expect(reply.json?["name"]?["givenName"]?.stringValue == "Jane")
        #expect(reply.string("userName") == "jdoe@example.com")
        #expect(reply.json?["password"] == nil)
        #expect(!reply.body.contains("x8Kq2mZa"))
        #expect(reply.headers["Location"] == "https://roster.test\(scim.base)/Users/\(id)")
        #expect(reply.json?["meta"]?["location"]?.stringValue == reply.headers["Location"])
        #expect(reply.json?["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]?["department"]?.stringValue == "R&D")
        // 7
        reply = await scim.send(.get, "/Users/\(id)")
        #expect(reply.string("userName") == "jdoe@example.com")
        // 8: the same POST again. It carries the same externalId, so it is the idempotent
        // retry of design.md (same id, no duplicate); without the externalId it is a 409.
        reply = await scim.send(.post, "/Users", Self.okta)
        #expect(reply.string("id") == id)
        reply = await scim.send(.post, "/Users", Self.okta.replacingOccurrences(of: "00u1abcdEFGH2ijk3l4", with: "00uOTHER"))
        #expect(reply.status == 409)
        #expect(reply.string("scimType") == "uniqueness")
        // 9: case-insensitive userName
        reply = await scim.send(.get, "/Users?filter=" + "userName eq \"JDOE@EXAMPLE.COM\"".urlQueryEncoded)
        #expect(reply.status == 200)
        #expect(reply.json?["Resources"]?.arrayValue?.first?["id"]?.stringValue == id)
        // 10
        reply = await scim.send(.get, "/Groups")
        #expect(reply.status == 200)
        // 11
        var request = await scim.send(.get, "/Users?filter=" + "userName eq \"x\"".urlQueryEncoded, headers: [("Authorization", "non-token")])
        #expect(request.status == 401)
        #expect(request.string("status") == "401")
        #expect(request.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
        request = await scim.send(.get, "/Users", token: "rst_wrong")
        #expect(request.status == 401)

        // Okta's connector test: GET /Users?startIndex=1&count=2, and /Groups?startIndex=1&count=100.
        #expect(await scim.send(.get, "/Users?startIndex=1&count=2").status == 200)
        #expect(await scim.send(.get, "/Groups?startIndex=1&count=100").status == 200)
    }

    @Test func aiwCrudFlowWithPut() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        var reply = await scim.send(.post, "/Users", Self.okta)
        let id = try #require(reply.string("id"))
        // Profile push: GET then PUT of the GET body with changes (okta-protocol.md A4).
        reply = await scim.send(.get, "/Users/\(id)")
        var resource = try #require(reply.json?.objectValue)
        resource["name"] = .object(["givenName": .string("Janet"), "familyName": .string("Doe")])
        resource["title"] = nil  // omitted on PUT = cleared
        reply = await scim.send(.put, "/Users/\(id)", String(decoding: JSONValue.object(resource).serialized(), as: UTF8.self))
        #expect(reply.status == 200)
        #expect(reply.json?["name"]?["givenName"]?.stringValue == "Janet")
        #expect(reply.json?["title"] == nil)
        #expect(reply.json?["meta"]?["version"]?.stringValue == "W/\"2\"")
        // Deactivation: PUT with active false; the user stays readable.
        resource = try #require(reply.json?.objectValue)
        resource["active"] = .bool(false)
        reply = await scim.send(.put, "/Users/\(id)", String(decoding: JSONValue.object(resource).serialized(), as: UTF8.self))
        #expect(reply.json?["active"] == .bool(false))
        reply = await scim.send(.get, "/Users/\(id)")
        #expect(reply.status == 200)
        #expect(reply.json?["active"] == .bool(false))
        // Reactivation with the same id.
        resource["active"] = .bool(true)
        reply = await scim.send(.put, "/Users/\(id)", String(decoding: JSONValue.object(resource).serialized(), as: UTF8.self))
        #expect(reply.string("id") == id)
        #expect(reply.json?["active"] == .bool(true))
        // OIN PATCH deactivation (exact documented body).
        reply = await scim.send(.patch, "/Users/\(id)", patchBody(#"{"op":"replace","value":{"active":false}}"#))
        #expect(reply.status == 200)
        #expect(reply.json?["active"] == .bool(false))
        // A repeated identical PUT changes nothing (no new version).
        let before = try await scim.auditActions().count
        reply = await scim.send(.put, "/Users/\(id)", String(decoding: JSONValue.object(resource).serialized(), as: UTF8.self))
        let version = reply.json?["meta"]?["version"]
        reply = await scim.send(.put, "/Users/\(id)", String(decoding: JSONValue.object(resource).serialized(), as: UTF8.self))
        #expect(reply.json?["meta"]?["version"] == version)
        let actions = try await scim.auditActions()
        #expect(actions.count == before + 1, "\(actions)")
        #expect(actions.contains("user.provisioned"))
        #expect(actions.contains("user.deactivated"))
        #expect(actions.contains("user.reactivated"))
        #expect(actions.contains("user.updated"))
    }

    @Test func deleteHidesButKeepsHistory() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let id = try await scim.createUser("gone@example.com", externalID: "00ugone")
        #expect(await scim.send(.delete, "/Users/\(id)").status == 204)
        #expect(await scim.send(.get, "/Users/\(id)").status == 404)
        #expect(await scim.send(.delete, "/Users/\(id)").status == 404)
        let list = await scim.send(.get, "/Users?filter=" + "userName eq \"gone@example.com\"".urlQueryEncoded)
        #expect(list.json?["totalResults"]?.numberValue == 0)
        // The row is kept (history) but the userName is free again.
        let again = try await scim.createUser("gone@example.com")
        #expect(again != id)
        #expect(try await scim.auditActions().contains("user.deleted"))
    }
}

extension String {
    /// Percent-encodes for a query component (space as %20).
    var urlQueryEncoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}

@Suite("Access is granted only by active: true")
struct ActiveAssignmentTests {
    @Test func unassignedActiveMeansNoAccess() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        // POST without active: created active (the create default).
        let id = try await scim.createUser("plain@example.com")
        var reply = await scim.send(.get, "/Users/\(id)")
        #expect(reply.json?["active"] == .bool(true))
        // PATCH remove active: unassigned → no access, and not returned.
        reply = await scim.send(.patch, "/Users/\(id)", patchBody(#"{"op":"remove","path":"active"}"#))
        #expect(reply.status == 200)
        #expect(reply.json?["active"] == nil)
        // A PUT without active never grants access back.
        reply = await scim.send(.put, "/Users/\(id)", #"{"userName":"plain@example.com"}"#)
        #expect(reply.json?["active"] == nil)
        reply = await scim.send(.put, "/Users/\(id)", #"{"userName":"plain@example.com","active":true}"#)
        #expect(reply.json?["active"] == .bool(true))
        // A PUT without active after that takes access away (omitted = cleared, RFC 7644 §3.5.1).
        reply = await scim.send(.put, "/Users/\(id)", #"{"userName":"plain@example.com"}"#)
        #expect(reply.json?["active"] == nil)
        #expect(try await scim.auditActions().last == "user.deactivated")
    }

    @Test func wrongMethodsAre405WithAllow() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        var reply = await scim.send(.post, "/ServiceProviderConfig", "{}")
        #expect(reply.status == 405)
        #expect(reply.headers["Allow"] == "GET")
        reply = await scim.send(.put, "/Users", "{}")
        #expect(reply.status == 405)
        #expect(reply.headers["Allow"] == "GET, POST")
        reply = await scim.send(.post, "/Users/abc", "{}")
        #expect(reply.headers["Allow"] == "GET, PUT, PATCH, DELETE")
        #expect(await scim.send(.post, "/.search", "{}").status == 501)
        // Still behind authentication.
        #expect(await scim.send(.put, "/Users", "{}", token: "rst_bad").status == 401)
    }
}
