import Core
import Foundation
import HTTPServer
import Receiver
import Store
import Testing
import TestSupport

/// The receiver feeds the nightly report's push-traffic counts (issue 6): every authenticated
/// SCIM request is counted per connection, hour, status and `scimType`; unauthenticated ones are
/// not (anyone could inflate them).
@Suite("Push traffic through the receiver")
struct PushTrafficTests {
    @Test func authenticatedRequestsAreCountedByStatusAndScimType() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = try await Database.open(at: directory.file("roster.db"), readers: 2)
        let admin = Directory(database: database)
        let tenant = try TenantName.parse("acme")
        _ = try await admin.createTenant(tenant, requestID: nil)
        let connection = try await admin.createConnection(tenant: tenant, name: "okta", idp: .okta, requestID: nil)
        let (_, token) = try await admin.createToken(tenant: tenant, scope: .scim(connectionID: connection.id), requestID: nil)
        let receiver = SCIMReceiver(database: database, settings: SCIMSettings(publicBaseURL: "https://roster.test"))
        var router = Router()
        receiver.register(on: &router)

        func send(_ method: HTTPMethod, _ path: String, _ body: String? = nil, token: String) async -> Int {
            var headers = HTTPHeaders()
            headers["Authorization"] = "Bearer " + token
            if body != nil { headers["Content-Type"] = "application/scim+json" }
            let request = HTTPRequest(
                method: method, target: "/scim/v2/acme/\(connection.id)" + path, headers: headers,
                body: Array((body ?? "").utf8), remoteAddress: "10.0.0.1:1")
            return await router.respond(to: request).status.code
        }
        let start = Date()
        #expect(await send(.post, "/Users", #"{"userName":"t1@example.com"}"#, token: token) == 201)
        #expect(await send(.post, "/Users", #"{"userName":"T1@example.com"}"#, token: token) == 409)
        #expect(await send(.get, "/Users?filter=userName%20eq%20%22t1@example.com%22", token: token) == 200)
        #expect(await send(.get, "/Users", token: "rst_wrong") == 401)
        await receiver.pushTraffic.flush()

        let rows = try await database.read { db in
            try PushTrafficTable.rows(
                tenant: tenant, connectionID: connection.id, from: start.addingTimeInterval(-3600),
                to: Date().addingTimeInterval(3600), on: db)
        }
        var byStatus: [Int: Int] = [:]
        for row in rows { byStatus[row.status, default: 0] += row.requests }
        #expect(byStatus == [200: 1, 201: 1, 409: 1], "the 401 is not counted")
        #expect(rows.first { $0.status == 409 }?.scimType == "uniqueness")
        #expect(rows.first { $0.status == 201 }?.scimType == "")
        await database.close()
    }
}
