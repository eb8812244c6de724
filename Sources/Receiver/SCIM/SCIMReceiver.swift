import Core
import Foundation
import HTTPServer
import SCIM
import Store

/// The SCIM 2.0 service provider that Okta and Entra provision into, one base URL per
/// connection: `/scim/v2/{tenant}/{connectionId}` (design.md "SCIM receiver rules").
public struct SCIMReceiver: Sendable {
    /// The shared database.
    let database: Database
    /// Token authentication.
    let directory: Directory
    /// Tunables.
    let settings: SCIMSettings
    /// Time source for `meta` and audit.
    let clock: any Clock
    /// SCIM requests per connection.
    let requestLimiter: TokenBucketLimiter
    /// Failed authentications per client address (possibly shared with the other API).
    public let authenticationLimiter: TokenBucketLimiter
    /// Durable per-connection, per-hour traffic counts for the nightly report (issue 6),
    /// written in batches off the request path.
    public let pushTraffic: PushTrafficRecorder
    /// Users this receiver recently wrote by `PATCH` or `PUT`, so a `PATCH` can skip its read trip
    /// (validated by version inside the write, see ``UserSnapshotCache``).
    let userSnapshots = UserSnapshotCache()

    /// The route prefix, with `:tenant` and `:connection` parameters.
    static let prefix = "/scim/v2/:tenant/:connection"

    /// Creates the receiver. Pass the platform API's `authenticationLimiter` so failed
    /// authentications from one address are counted across both APIs (an attacker alternating
    /// between them must not get twice the guesses); by default the receiver has its own.
    public init(
        database: Database, settings: SCIMSettings, clock: any Clock = SystemClock(),
        authenticationLimiter: TokenBucketLimiter? = nil
    ) {
        self.database = database
        self.directory = Directory(database: database, clock: clock)
        self.settings = settings
        self.clock = clock
        self.pushTraffic = PushTrafficRecorder(database: database)
        self.requestLimiter = TokenBucketLimiter(rate: settings.requestsPerSecond, burst: settings.requestBurst)
        self.authenticationLimiter =
            authenticationLimiter
            ?? TokenBucketLimiter(
                rate: settings.failedAuthenticationsPerMinute / 60, burst: settings.failedAuthenticationsPerMinute)
    }

    /// Registers every SCIM route on `router`.
    public func register(on router: inout Router) {
        let users = UsersEndpoint(receiver: self)
        let groups = GroupsEndpoint(receiver: self)
        let discovery = DiscoveryEndpoint(receiver: self)
        let p = Self.prefix
        let notImplemented: SCIMHandler = { _, context in
            try await context.authorize()
            throw SCIMError.notImplemented("this operation is not supported by Roster")
        }
        let endpoints: [(String, [(HTTPMethod, SCIMHandler)])] = [
            ("/Users", [(.get, users.list), (.post, users.create)]),
            ("/Users/:id", [(.get, users.get), (.put, users.replace), (.patch, users.patch), (.delete, users.delete)]),
            ("/Groups", [(.get, groups.list), (.post, groups.create)]),
            ("/Groups/:id", [(.get, groups.get), (.put, groups.replace), (.patch, groups.patch), (.delete, groups.delete)]),
            ("/ServiceProviderConfig", [(.get, discovery.serviceProviderConfig)]),
            ("/Schemas", [(.get, discovery.schemas)]),
            ("/Schemas/:urn", [(.get, discovery.schema)]),
            ("/ResourceTypes", [(.get, discovery.resourceTypes)]),
            ("/ResourceTypes/:name", [(.get, discovery.resourceType)]),
            // Not supported, said plainly (RFC 7644 §3.7 bulk, §3.11 /Me, §3.4.3 .search); Okta
            // uses none of them (okta-protocol.md A1).
            ("/Bulk", [(.post, notImplemented)]),
            ("/Me", [(.get, notImplemented), (.post, notImplemented), (.put, notImplemented),
                     (.patch, notImplemented), (.delete, notImplemented)]),
            ("/.search", [(.post, notImplemented)]),
            ("/Users/.search", [(.post, notImplemented)]),
            ("/Groups/.search", [(.post, notImplemented)]),
        ]
        let methods: [HTTPMethod] = [.get, .post, .put, .patch, .delete]
        for (path, handlers) in endpoints {
            for (method, handler) in handlers {
                route(&router, method, p + path, Self.operation(path, method), handler)
            }
            // A known endpoint with another method is 405 with `Allow` (RFC 9110 §15.5.6), as a
            // SCIM error behind authentication like every other answer here.
            let allowed = handlers.map(\.0.rawValue).joined(separator: ", ")
            for method in methods where !handlers.contains(where: { $0.0 == method }) {
                route(&router, method, p + path, "unsupported") { _, context in
                    try await context.authorize()
                    var response = SCIMResponse.error(SCIMError(status: 405, detail: "use \(allowed) on this endpoint"))
                    response.headers["Allow"] = allowed
                    return response
                }
            }
        }
        for method in methods {
            route(&router, method, "\(p)/*", "unknown") { _, context in
                try await context.authorize()
                throw SCIMError.notFound("no such SCIM endpoint")
            }
        }
    }

    /// A SCIM handler: runs after authentication and rate limiting, may throw ``SCIMError``.
    typealias SCIMHandler = @Sendable (HTTPRequest, SCIMRequestContext) async throws -> HTTPResponse

    private func route(
        _ router: inout Router, _ method: HTTPMethod, _ pattern: String, _ operation: String,
        _ handler: @escaping SCIMHandler
    ) {
        let receiver = self
        router.add(method, pattern) { request, parameters in
            await receiver.handle(request, parameters, operation: operation, handler)
        }
    }

    /// The operation name logged and counted for `path` and `method`, e.g. `user.create`.
    static func operation(_ path: String, _ method: HTTPMethod) -> String {
        let resource: String
        switch path {
        case "/Users", "/Users/:id": resource = "user"
        case "/Groups", "/Groups/:id": resource = "group"
        case "/Bulk": return "bulk"
        case "/Me": return "me"
        case "/.search", "/Users/.search", "/Groups/.search": return "search"
        default: return "discovery" + path.replacingOccurrences(of: "/:urn", with: "").replacingOccurrences(of: "/:name", with: "")
                .replacingOccurrences(of: "/", with: ".").lowercased()
        }
        let single = path.hasSuffix("/:id")
        switch method {
        case .get: return resource + (single ? ".get" : ".list")
        case .post: return resource + ".create"
        case .put: return resource + ".replace"
        case .patch: return resource + ".patch"
        case .delete: return resource + ".delete"
        default: return resource + ".other"
        }
    }
}
