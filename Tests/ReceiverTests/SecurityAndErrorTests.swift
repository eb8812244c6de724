import Core
import Foundation
import HTTPServer
import Receiver
import Store
import Testing
import TestSupport

/// Authentication, tenant isolation, error shapes and limits.
@Suite("SCIM security and errors")
struct SecurityAndErrorTests {
    @Test func tokensAreBoundToTheirConnection() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let other = try await scim.sibling(tenant: "acme")
        let foreign = try await scim.sibling(tenant: "globex")
        // A token of another connection of the same tenant, or of another tenant, is a 401 here.
        #expect(await scim.send(.get, "/Users", token: other.token).status == 401)
        #expect(await scim.send(.get, "/Users", token: foreign.token).status == 401)
        // A token used on a tenant path that does not exist looks exactly the same.
        #expect(await scim.send(.get, "/Users", base: "/scim/v2/nosuch/\(scim.connectionID)").status == 401)
        #expect(await scim.send(.get, "/Users", base: "/scim/v2/Bad_Name/x").status == 401)
        // Malformed headers.
        for header in ["Bearer", "Basic abc", "Bearer a b", "bearer \(scim.token) x"] {
            #expect(await scim.send(.get, "/Users", headers: [("Authorization", header)]).status == 401)
        }
        // Case-insensitive scheme is fine.
        #expect(await scim.send(.get, "/Users", headers: [("Authorization", "bearer \(scim.token)")]).status == 200)
    }

    @Test func revokedTokenStopsAtOnce() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let admin = Directory(database: scim.database)
        let (record, secret) = try await admin.createToken(
            tenant: scim.tenant, scope: .scim(connectionID: scim.connectionID), requestID: nil)
        #expect(await scim.send(.get, "/Users", token: secret).status == 200)
        _ = try await admin.revokeToken(tenant: scim.tenant, id: record.id, requestID: nil)
        #expect(await scim.send(.get, "/Users", token: secret).status == 401)
    }

    @Test func foreignIDsBehaveLikeRandomOnes() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let foreign = try await scim.sibling(tenant: "globex")
        let theirs = await scim.send(
            .post, "/Users", #"{"userName":"shared@example.com","externalId":"x1"}"#, token: foreign.token,
            base: foreign.base)
        #expect(theirs.status == 201)
        let theirID = try #require(theirs.string("id"))
        // Same userName in another tenant is allowed (unique per tenant).
        let mine = try await scim.createUser("shared@example.com", externalID: "x1")
        #expect(mine != theirID)
        // Their id is a 404 here, for every verb, and invisible to filters.
        for method in [HTTPMethod.get, .put, .patch, .delete] {
            let body = method == .patch ? patchBody(#"{"op":"replace","value":{"active":false}}"#) : (method == .put ? #"{"userName":"x@y.z"}"# : nil)
            let reply = await scim.send(method, "/Users/\(theirID)", body)
            #expect(reply.status == 404, "\(method.rawValue) foreign id")
        }
        let filtered = await scim.send(.get, "/Users?filter=" + "id eq \"\(theirID)\"".urlQueryEncoded)
        #expect(filtered.json?["totalResults"]?.numberValue == 0)
        // As a member reference it is parked like an unknown id, never linked.
        let group = try await scim.createGroup("Eng", members: [theirID])
        #expect(await scim.memberIDs(group) == [])
        #expect(try await scim.auditActions().contains("member.parked"))
        // Their user is untouched.
        let check = await scim.send(.get, "/Users/\(theirID)", token: foreign.token, base: foreign.base)
        #expect(check.json?["active"] == .bool(true))
    }

    @Test(
        "bad input answers the right status and scimType",
        arguments: [
            ("POST", "/Users", "{not json", 400, "invalidSyntax"),
            ("POST", "/Users", #"{"name":{"givenName":"x"}}"#, 400, "invalidValue"),
            ("POST", "/Users", #"{"userName":42}"#, 400, "invalidValue"),
            ("POST", "/Users", #"{"userName":"a\u200Db@x.com"}"#, 400, "invalidValue"),
            ("POST", "/Users", #"{"userName":"p@x.com","emails":[{"value":"a@x","primary":true},{"value":"b@x","primary":true}]}"#, 400, "invalidValue"),
            ("GET", "/Users?filter=userName%20zz%20%22x%22", nil, 400, "invalidFilter"),
            ("GET", "/Users?filter=((((((((((((((((((((((((((((((((((((((((a%20eq%201", nil, 400, "invalidFilter"),
            ("GET", "/Users?filter=active%20gt%20true", nil, 400, "invalidFilter"),
            ("GET", "/Users?startIndex=abc", nil, 400, "invalidValue"),
            ("POST", "/Groups", #"{"members":[]}"#, 400, "invalidValue"),
            ("POST", "/Bulk", "{}", 501, nil),
            ("GET", "/Me", nil, 501, nil),
            ("GET", "/Nope", nil, 404, nil),
            ("GET", "/Schemas/urn:nope", nil, 404, nil),
        ] as [(String, String, String?, Int, String?)])
    func badInput(_ method: String, _ path: String, _ body: String?, _ status: Int, _ scimType: String?) async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let reply = await scim.send(HTTPMethod(rawValue: method), path, body)
        #expect(reply.status == status, "\(reply.body)")
        #expect(reply.string("scimType") == scimType)
        #expect(reply.string("status") == String(status))
        #expect(reply.json?["schemas"] == .array([.string("urn:ietf:params:scim:api:messages:2.0:Error")]))
    }

    @Test func patchErrorsLeaveTheResourceUnchanged() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let id = try await scim.createUser("atomic@example.com")
        let before = await scim.send(.get, "/Users/\(id)").body
        let cases: [(String, String)] = [
            (#"{"op":"replace","path":"title","value":"T"},{"op":"remove"}"#, "noTarget"),
            (#"{"op":"replace","path":"title","value":"T"},{"op":"remove","path":"userName"}"#, "mutability"),
            (#"{"op":"replace","path":"title","value":"T"},{"op":"replace","path":"emails[type eq \"home\"].bogus[","value":"x"}"#, "invalidPath"),
            (#"{"op":"replace","path":"title","value":"T"},{"op":"replace","path":"active","value":"maybe"}"#, "invalidValue"),
        ]
        for (operations, scimType) in cases {
            let reply = await scim.send(.patch, "/Users/\(id)", patchBody(operations))
            #expect(reply.status == 400)
            #expect(reply.string("scimType") == scimType, "\(reply.body)")
        }
        #expect(await scim.send(.get, "/Users/\(id)").body == before)
    }

    @Test func contentTypesAndPassword() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        for type in [
            "application/json", "application/scim+json", "application/json; charset=UTF-8",
            " APPLICATION/JSON ;charset=utf-8", "Application/Scim+Json\t",
        ] {
            let reply = await scim.send(
                .post, "/Users", #"{"userName":"\#(type.count)@example.com","password":"hunter2"}"#,
                headers: [("Content-Type", type)])
            #expect(reply.status == 201)
            #expect(!reply.body.contains("hunter2"))
        }
        for type in ["text/plain", "application/jsonx", "application/json-patch+json", "json", "; application/json"] {
            let reply = await scim.send(.post, "/Users", #"{"userName":"t@example.com"}"#, headers: [("Content-Type", type)])
            #expect(reply.status == 415, "\(type)")
        }
        // The password never reaches the database file.
        for suffix in ["", "-wal"] {
            if let bytes = FileManager.default.contents(atPath: scim.directory.file("roster.db") + suffix) {
                #expect(bytes.range(of: Data("hunter2".utf8)) == nil)
            }
        }
    }

    @Test func etags() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let id = try await scim.createUser("etag@example.com")
        var reply = await scim.send(.get, "/Users/\(id)")
        let etag = try #require(reply.headers["ETag"])
        #expect(etag == "W/\"1\"")
        #expect(await scim.send(.get, "/Users/\(id)", headers: [("If-None-Match", etag)]).status == 304)
        let notModified = await scim.send(.get, "/Users/\(id)", headers: [("If-None-Match", "\"x\", \(etag)")])
        #expect(notModified.status == 304)
        #expect(notModified.headers["ETag"] == etag)
        #expect(notModified.body.isEmpty)
        #expect(await scim.send(.get, "/Users/\(id)", headers: [("If-None-Match", "*")]).status == 304)
        #expect(await scim.send(.get, "/Users/\(id)", headers: [("If-None-Match", "W/\"2\"")]).status == 200)
        reply = await scim.send(.patch, "/Users/\(id)", patchBody(#"{"op":"replace","path":"title","value":"x"}"#), headers: [("If-Match", etag)])
        #expect(reply.status == 200)
        reply = await scim.send(.patch, "/Users/\(id)", patchBody(#"{"op":"replace","path":"title","value":"y"}"#), headers: [("If-Match", etag)])
        #expect(reply.status == 412)
        #expect(await scim.send(.delete, "/Users/\(id)", headers: [("If-Match", etag)]).status == 412)
        #expect(await scim.send(.delete, "/Users/\(id)", headers: [("If-Match", "*")]).status == 204)
    }

    @Test func rateLimitsAnswer429WithRetryAfter() async throws {
        var settings = SCIMSettings(publicBaseURL: "https://roster.test")
        settings.requestsPerSecond = 1
        settings.requestBurst = 3
        settings.failedAuthenticationsPerMinute = 2
        let scim = try await SCIMHarness.make(settings: settings)
        defer { Task { await scim.close() } }
        // Failed authentication from one address is throttled, other addresses are not, and
        // failures do not spend the connection's request budget.
        for _ in 0..<2 { #expect(await scim.send(.get, "/Users", token: "rst_bad", remote: "10.9.9.9:1").status == 401) }
        let throttled = await scim.send(.get, "/Users", token: "rst_bad", remote: "10.9.9.9:2")
        #expect(throttled.status == 429)
        #expect(throttled.headers["Retry-After"] != nil)
        #expect(await scim.send(.get, "/Users", token: "rst_bad", remote: "10.9.9.8:1").status == 401)
        // Authenticated requests spend the connection's budget: burst 3, then 429.
        var statuses: [Int] = []
        for _ in 0..<3 { statuses.append(await scim.send(.get, "/Users").status) }
        #expect(statuses == [200, 200, 200])
        let limited = await scim.send(.get, "/Users")
        #expect(limited.status == 429)
        #expect(Int(limited.headers["Retry-After"] ?? "") ?? 0 >= 1)
    }

    @Test func discoveryDocuments() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        var reply = await scim.send(.get, "/ServiceProviderConfig")
        #expect(reply.status == 200)
        #expect(reply.json?["patch"]?["supported"] == .bool(true))
        #expect(reply.json?["bulk"]?["supported"] == .bool(false))
        #expect(reply.json?["filter"]?["maxResults"]?.numberValue == 200)
        reply = await scim.send(.get, "/Schemas")
        #expect(reply.json?["totalResults"]?.numberValue == 3)
        reply = await scim.send(.get, "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
        #expect(reply.string("id") == "urn:ietf:params:scim:schemas:core:2.0:User")
        reply = await scim.send(.get, "/ResourceTypes")
        #expect(reply.json?["totalResults"]?.numberValue == 2)
        reply = await scim.send(.get, "/ResourceTypes/Group")
        #expect(reply.string("endpoint") == "/Groups")
    }
}
