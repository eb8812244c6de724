import Core
import Foundation
import HTTPServer
import Receiver
import SCIM
import Store
import TestSupport

/// Drives the SCIM receiver's routes without sockets over a real SQLite file: a tenant with a
/// connection and its token, and a helper that sends requests and decodes the JSON answers.
final class SCIMHarness: Sendable {
    let directory: TemporaryDirectory
    let database: Database
    let router: Router
    let tenant: TenantName
    let connectionID: String
    let token: String

    /// The path prefix of the connection.
    var base: String { "/scim/v2/\(tenant.rawValue)/\(connectionID)" }

    private init(
        directory: TemporaryDirectory, database: Database, router: Router, tenant: TenantName, connectionID: String,
        token: String
    ) {
        self.directory = directory
        self.database = database
        self.router = router
        self.tenant = tenant
        self.connectionID = connectionID
        self.token = token
    }

    /// A fresh database with tenant `tenantName` and one Okta connection.
    static func make(
        tenant tenantName: String = "acme", settings: SCIMSettings? = nil, clock: any Core.Clock = SystemClock()
    ) async throws -> SCIMHarness {
        let directory = try TemporaryDirectory()
        let database = try await Database.open(at: directory.file("roster.db"), readers: 2)
        let admin = Directory(database: database)
        let tenant = try TenantName.parse(tenantName)
        _ = try await admin.createTenant(tenant, requestID: nil)
        let connection = try await admin.createConnection(tenant: tenant, name: "okta", idp: .okta, requestID: nil)
        let (_, secret) = try await admin.createToken(
            tenant: tenant, scope: .scim(connectionID: connection.id), requestID: nil)
        var router = Router()
        SCIMReceiver(
            database: database, settings: settings ?? SCIMSettings(publicBaseURL: "https://roster.test"), clock: clock)
            .register(on: &router)
        return SCIMHarness(
            directory: directory, database: database, router: router, tenant: tenant, connectionID: connection.id,
            token: secret)
    }

    /// Another connection (and token) of the same or a new tenant, sharing this database.
    func sibling(tenant tenantName: String) async throws -> (router: Router, base: String, token: String) {
        let admin = Directory(database: database)
        let tenant = try TenantName.parse(tenantName)
        if try await admin.tenant(named: tenant) == nil { _ = try await admin.createTenant(tenant, requestID: nil) }
        let connection = try await admin.createConnection(
            tenant: tenant, name: "c\(UUID().uuidString.prefix(6))", idp: .entra, requestID: nil)
        let (_, secret) = try await admin.createToken(
            tenant: tenant, scope: .scim(connectionID: connection.id), requestID: nil)
        return (router, "/scim/v2/\(tenant.rawValue)/\(connection.id)", secret)
    }

    /// A decoded response.
    struct Reply: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let annotations: [(key: String, value: String)]
        let json: JSONValue?
        let body: String

        /// The annotation `key` (request-log facts).
        func annotation(_ key: String) -> String? { annotations.first { $0.key == key }?.value }

        /// `json[key]` as a string.
        func string(_ key: String) -> String? { json?[key]?.stringValue }
    }

    /// Sends `method path` with an optional JSON body, as the connection's IdP would.
    func send(
        _ method: HTTPMethod, _ path: String, _ body: String? = nil, token: String? = nil, base: String? = nil,
        headers: [(String, String)] = [], remote: String = "10.0.0.1:5000"
    ) async -> Reply {
        var fields = HTTPHeaders()
        fields["Host"] = "roster.test"
        fields["Authorization"] = "Bearer " + (token ?? self.token)
        if body != nil { fields["Content-Type"] = "application/scim+json; charset=utf-8" }
        for (name, value) in headers { fields[name] = value }
        let request = HTTPRequest(
            method: method, target: (base ?? self.base) + path, headers: fields, body: Array((body ?? "").utf8),
            remoteAddress: remote)
        let response = await router.respond(to: request)
        let text = String(decoding: response.body, as: UTF8.self)
        return Reply(
            status: response.status.code, headers: response.headers, annotations: response.annotations,
            json: response.body.isEmpty ? nil : try? JSONValue.parse(response.body, maxBytes: 64 << 20), body: text)
    }

    /// Creates a user and returns its id.
    func createUser(_ userName: String, externalID: String? = nil, active: Bool = true) async throws -> String {
        var fields = [#""userName":"\#(userName)""#, #""active":\#(active)"#, #""name":{"givenName":"G","familyName":"F"}"#]
        if let externalID { fields.append(#""externalId":"\#(externalID)""#) }
        let reply = await send(.post, "/Users", "{\(fields.joined(separator: ","))}")
        guard reply.status == 201, let id = reply.string("id") else {
            throw HarnessError.unexpected("create \(userName): \(reply.status) \(reply.body)")
        }
        return id
    }

    /// Creates a group with `members` and returns its id.
    func createGroup(_ name: String, members: [String] = []) async throws -> String {
        let list = members.map { #"{"value":"\#($0)"}"# }.joined(separator: ",")
        let reply = await send(.post, "/Groups", #"{"displayName":"\#(name)","members":[\#(list)]}"#)
        guard reply.status == 201, let id = reply.string("id") else {
            throw HarnessError.unexpected("create group \(name): \(reply.status) \(reply.body)")
        }
        return id
    }

    /// Member ids of a group as SCIM returns them.
    func memberIDs(_ groupID: String) async -> [String] {
        let reply = await send(.get, "/Groups/\(groupID)")
        return reply.json?["members"]?.arrayValue?.compactMap { $0["value"]?.stringValue } ?? []
    }

    /// Audit actions recorded for the tenant, oldest first.
    func auditActions() async throws -> [String] {
        try await AuditLog(database: database).events(tenant: tenant, after: nil, limit: 1000).map(\.action)
    }

    /// Closes the database and removes the directory.
    func close() async {
        await database.close()
        directory.remove()
    }

    enum HarnessError: Error { case unexpected(String) }
}

/// A PATCH body from operations JSON.
func patchBody(_ operations: String) -> String {
    #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[\#(operations)]}"#
}
