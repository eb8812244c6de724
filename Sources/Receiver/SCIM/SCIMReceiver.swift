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
    /// Failed authentications per client address.
    let authenticationLimiter: TokenBucketLimiter

    /// The route prefix, with `:tenant` and `:connection` parameters.
    static let prefix = "/scim/v2/:tenant/:connection"

    /// Creates the receiver.
    public init(database: Database, settings: SCIMSettings, clock: any Clock = SystemClock()) {
        self.database = database
        self.directory = Directory(database: database, clock: clock)
        self.settings = settings
        self.clock = clock
        self.requestLimiter = TokenBucketLimiter(rate: settings.requestsPerSecond, burst: settings.requestBurst)
        self.authenticationLimiter = TokenBucketLimiter(
            rate: settings.failedAuthenticationsPerMinute / 60, burst: settings.failedAuthenticationsPerMinute)
    }

    /// Registers every SCIM route on `router`.
    public func register(on router: inout Router) {
        let users = UsersEndpoint(receiver: self)
        let groups = GroupsEndpoint(receiver: self)
        let discovery = DiscoveryEndpoint(receiver: self)
        let p = Self.prefix
        route(&router, .get, "\(p)/Users", users.list)
        route(&router, .post, "\(p)/Users", users.create)
        route(&router, .get, "\(p)/Users/:id", users.get)
        route(&router, .put, "\(p)/Users/:id", users.replace)
        route(&router, .patch, "\(p)/Users/:id", users.patch)
        route(&router, .delete, "\(p)/Users/:id", users.delete)
        route(&router, .get, "\(p)/Groups", groups.list)
        route(&router, .post, "\(p)/Groups", groups.create)
        route(&router, .get, "\(p)/Groups/:id", groups.get)
        route(&router, .put, "\(p)/Groups/:id", groups.replace)
        route(&router, .patch, "\(p)/Groups/:id", groups.patch)
        route(&router, .delete, "\(p)/Groups/:id", groups.delete)
        route(&router, .get, "\(p)/ServiceProviderConfig", discovery.serviceProviderConfig)
        route(&router, .get, "\(p)/Schemas", discovery.schemas)
        route(&router, .get, "\(p)/Schemas/:urn", discovery.schema)
        route(&router, .get, "\(p)/ResourceTypes", discovery.resourceTypes)
        route(&router, .get, "\(p)/ResourceTypes/:name", discovery.resourceType)
        // Not supported, said plainly (RFC 7644 §3.7 bulk, §3.11 /Me, §3.4.3 .search); Okta
        // uses none of them (okta-protocol.md A1).
        let notImplemented: SCIMHandler = { _, _ in
            throw SCIMError.notImplemented("this operation is not supported by Roster")
        }
        for method in [HTTPMethod.get, .post, .put, .patch, .delete] {
            route(&router, method, "\(p)/Bulk", notImplemented)
            route(&router, method, "\(p)/Me", notImplemented)
            route(&router, method, "\(p)/*", { _, _ in throw SCIMError.notFound("no such SCIM endpoint") })
        }
        route(&router, .post, "\(p)/Users/.search", notImplemented)
        route(&router, .post, "\(p)/Groups/.search", notImplemented)
    }

    /// A SCIM handler: runs after authentication and rate limiting, may throw ``SCIMError``.
    typealias SCIMHandler = @Sendable (HTTPRequest, SCIMRequestContext) async throws -> HTTPResponse

    private func route(_ router: inout Router, _ method: HTTPMethod, _ pattern: String, _ handler: @escaping SCIMHandler) {
        let receiver = self
        router.add(method, pattern) { request, parameters in
            await receiver.handle(request, parameters, handler)
        }
    }
}
