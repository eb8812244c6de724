import Core
import Foundation
import HTTPServer
import Receiver
import SCIM
import Store
import TestSupport

/// Drives the platform API and the SCIM receiver on one router over a real SQLite file: tenant
/// `acme` with an Okta connection (SCIM token) and a platform token, and tenant `other` likewise,
/// for isolation tests. Data is seeded through SCIM, as an IdP would.
final class PlatformAPIHarness: Sendable {
    /// One tenant's handles.
    struct Tenant: Sendable {
        let name: TenantName
        let connectionID: String
        let scimToken: String
        let platformToken: String
        let platformTokenID: String
        var scimBase: String { "/scim/v2/\(name.rawValue)/\(connectionID)" }
        var apiBase: String { "/api/v1/tenants/\(name.rawValue)" }
    }

    let directory: TemporaryDirectory
    let database: Database
    let router: Router
    /// The platform API as registered on ``router``.
    let platform: PlatformAPI
    let acme: Tenant
    let other: Tenant

    private init(
        directory: TemporaryDirectory, database: Database, router: Router, platform: PlatformAPI, acme: Tenant,
        other: Tenant
    ) {
        self.directory = directory
        self.database = database
        self.router = router
        self.platform = platform
        self.acme = acme
        self.other = other
    }

    /// A fresh database with tenants `acme` and `other`.
    static func make(settings: PlatformSettings = PlatformSettings()) async throws -> PlatformAPIHarness {
        let directory = try TemporaryDirectory()
        let database = try await Database.open(at: directory.file("roster.db"), readers: 2)
        let admin = Directory(database: database)
        func tenant(_ text: String) async throws -> Tenant {
            let name = try TenantName.parse(text)
            _ = try await admin.createTenant(name, requestID: nil)
            let connection = try await admin.createConnection(tenant: name, name: "okta", idp: .okta, requestID: nil)
            let (_, scim) = try await admin.createToken(tenant: name, scope: .scim(connectionID: connection.id), requestID: nil)
            let (token, platform) = try await admin.createToken(tenant: name, scope: .platform, requestID: nil)
            return Tenant(
                name: name, connectionID: connection.id, scimToken: scim, platformToken: platform,
                platformTokenID: token.id)
        }
        let acme = try await tenant("acme")
        let other = try await tenant("other")
        var scimSettings = SCIMSettings(publicBaseURL: "https://roster.test")
        scimSettings.requestsPerSecond = 100_000
        scimSettings.requestBurst = 100_000
        var router = Router()
        // As `serve` wires them: one failed-authentication budget per address for both APIs.
        let failures = TokenBucketLimiter(
            rate: settings.failedAuthenticationsPerMinute / 60, burst: settings.failedAuthenticationsPerMinute)
        SCIMReceiver(database: database, settings: scimSettings, authenticationLimiter: failures).register(on: &router)
        let platform = PlatformAPI(database: database, settings: settings, authenticationLimiter: failures)
        platform.register(on: &router)
        return PlatformAPIHarness(
            directory: directory, database: database, router: router, platform: platform, acme: acme, other: other)
    }

    /// A decoded response.
    struct Reply: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let json: JSONValue?
        let body: String

        /// `json[key]` as a string.
        func string(_ key: String) -> String? { json?[key]?.stringValue }
        /// The error code of an error body.
        var errorCode: String? { json?["error"]?["code"]?.stringValue }
        /// `items` of a page.
        var items: [JSONValue] { json?["items"]?.arrayValue ?? [] }
        /// `next` of a page.
        var next: String? { json?["next"]?.stringValue }
    }

    /// `GET` (or `method`) on the platform API of `tenant` (default acme) with its platform token.
    func api(
        _ path: String, tenant: Tenant? = nil, token: String? = nil, method: HTTPMethod = .get,
        remote: String = "10.0.0.1:5000"
    ) async -> Reply {
        let tenant = tenant ?? acme
        return await send(method, tenant.apiBase + path, token: token ?? tenant.platformToken, remote: remote)
    }

    /// A SCIM request of `tenant` (default acme) with its SCIM token.
    func scim(_ method: HTTPMethod, _ path: String, _ body: String? = nil, tenant: Tenant? = nil, token: String? = nil)
        async -> Reply
    {
        let tenant = tenant ?? acme
        return await send(method, tenant.scimBase + path, body: body, token: token ?? tenant.scimToken)
    }

    /// Sends a raw request through the router.
    func send(
        _ method: HTTPMethod, _ target: String, body: String? = nil, token: String?, remote: String = "10.0.0.1:5000"
    ) async -> Reply {
        var fields = HTTPHeaders()
        fields["Host"] = "roster.test"
        if let token { fields["Authorization"] = "Bearer " + token }
        if body != nil { fields["Content-Type"] = "application/scim+json" }
        let request = HTTPRequest(
            method: method, target: target, headers: fields, body: Array((body ?? "").utf8), remoteAddress: remote)
        let response = await router.respond(to: request)
        return Reply(
            status: response.status.code, headers: response.headers,
            json: response.body.isEmpty ? nil : try? JSONValue.parse(response.body, maxBytes: 64 << 20),
            body: String(decoding: response.body, as: UTF8.self))
    }

    /// Creates a user over SCIM and returns its id.
    @discardableResult
    func createUser(_ userName: String, externalID: String? = nil, active: Bool = true, tenant: Tenant? = nil)
        async throws -> String
    {
        var fields = [#""userName":"\#(userName)""#, #""active":\#(active)"#]
        if let externalID { fields.append(#""externalId":"\#(externalID)""#) }
        let reply = await scim(.post, "/Users", "{\(fields.joined(separator: ","))}", tenant: tenant)
        guard reply.status == 201, let id = reply.string("id") else {
            throw HarnessError.unexpected("create \(userName): \(reply.status) \(reply.body)")
        }
        return id
    }

    /// Creates a group with `members` over SCIM and returns its id.
    func createTeam(_ name: String, members: [String] = [], tenant: Tenant? = nil) async throws -> String {
        let list = members.map { #"{"value":"\#($0)"}"# }.joined(separator: ",")
        let reply = await scim(.post, "/Groups", #"{"displayName":"\#(name)","members":[\#(list)]}"#, tenant: tenant)
        guard reply.status == 201, let id = reply.string("id") else {
            throw HarnessError.unexpected("create team \(name): \(reply.status) \(reply.body)")
        }
        return id
    }

    /// Sets `active` of a user over SCIM PATCH.
    func setActive(_ id: String, _ active: Bool) async throws {
        let body = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":\#(active)}}]}"#
        let reply = await scim(.patch, "/Users/\(id)", body)
        guard reply.status == 200 else { throw HarnessError.unexpected("patch: \(reply.status) \(reply.body)") }
    }

    /// Follows `path` (a listing) page by page to the end; returns every item.
    func all(_ path: String, limit: Int) async throws -> [JSONValue] {
        var items: [JSONValue] = []
        var cursor: String?
        let separator = path.contains("?") ? "&" : "?"
        for _ in 0..<10_000 {
            let reply = await api(path + separator + "limit=\(limit)" + (cursor.map { "&after=\($0)" } ?? ""))
            guard reply.status == 200 else { throw HarnessError.unexpected("\(path): \(reply.status) \(reply.body)") }
            items += reply.items
            guard let next = reply.next else { return items }
            cursor = next
        }
        throw HarnessError.unexpected("pagination did not end")
    }

    /// Closes the database and removes the directory.
    func close() async {
        await database.close()
        directory.remove()
    }

    enum HarnessError: Error { case unexpected(String) }
}
