import Core
import Foundation
import HTTPServer
import Store

/// The platform read API and change feed under `/api/v1/tenants/{tenant}` (design.md
/// "Interfaces", issue 4): users, teams, memberships, access decisions and the audit trail as a
/// lossless feed, for a platform token of that tenant only.
///
/// Every request is authenticated inside its own database read (``PlatformRequestContext``),
/// rate limited per token, and answered in JSON, errors included (``PlatformError``).
public struct PlatformAPI: Sendable {
    /// The shared database.
    let database: Database
    /// Token last-use bookkeeping.
    let directory: Directory
    /// Tunables.
    let settings: PlatformSettings
    /// Time source.
    let clock: any Clock
    /// Requests per platform token.
    let requestLimiter: TokenBucketLimiter
    /// `GET /access` answers kept between commits (``PlatformSettings/accessCacheEntries``).
    let accessCache: AccessAnswerCache
    /// Failed authentications per client address (possibly shared with the other API).
    public let authenticationLimiter: TokenBucketLimiter

    /// The route prefix, with the `:tenant` parameter.
    static let prefix = "/api/v1/tenants/:tenant"

    /// Creates the API over `database`. `authenticationLimiter` may be shared with the SCIM
    /// receiver (see ``SCIMReceiver/init(database:settings:clock:authenticationLimiter:)``).
    public init(
        database: Database, settings: PlatformSettings = PlatformSettings(), clock: any Clock = SystemClock(),
        authenticationLimiter: TokenBucketLimiter? = nil
    ) {
        self.database = database
        self.directory = Directory(database: database, clock: clock)
        self.settings = settings
        self.clock = clock
        self.requestLimiter = TokenBucketLimiter(rate: settings.requestsPerSecond, burst: settings.requestBurst)
        self.accessCache = AccessAnswerCache(answerCapacity: settings.accessCacheEntries)
        self.authenticationLimiter =
            authenticationLimiter
            ?? TokenBucketLimiter(
                rate: settings.failedAuthenticationsPerMinute / 60, burst: settings.failedAuthenticationsPerMinute)
    }

    /// A handler: runs after the cheap checks; may throw ``PlatformError``.
    typealias Handler = @Sendable (HTTPRequest, RouteParameters, PlatformRequestContext) async throws -> HTTPResponse

    /// Registers every route on `router`. Only `GET` is served; other methods get 405 with
    /// `Allow` and unknown paths below the prefix 404 — both after authentication, so an
    /// unauthenticated caller learns nothing about the surface.
    public func register(on router: inout Router) {
        let users = PlatformUsersEndpoint(api: self)
        let teams = PlatformTeamsEndpoint(api: self)
        let access = PlatformAccessEndpoint(cache: accessCache)
        let events = PlatformEventsEndpoint(api: self)
        let endpoints: [(String, Handler)] = [
            ("/users", users.list),
            ("/users/:id", users.get),
            ("/teams", teams.list),
            ("/teams/:id", teams.get),
            ("/teams/:id/members", teams.members),
            ("/access/:userName", access.check),
            ("/events", events.feed),
        ]
        let methods: [HTTPMethod] = [.post, .put, .patch, .delete]
        for (path, handler) in endpoints {
            route(&router, .get, Self.prefix + path, handler)
            // RFC 9110 §15.5.6: 405 carries `Allow`.
            for method in methods {
                route(&router, method, Self.prefix + path) { _, _, context in
                    try await context.authorize()
                    var response = PlatformError.methodNotAllowed("GET").response
                    response.headers["Allow"] = "GET"
                    return response
                }
            }
        }
        for method in [HTTPMethod.get] + methods {
            route(&router, method, Self.prefix + "/*") { _, _, context in
                try await context.authorize()
                throw PlatformError.notFound("endpoint")
            }
        }
    }

    /// Exposes the API's own counters on `registry`: `roster_platform_access_cache_total`
    /// {result = hit, miss}.
    public func registerMetrics(on registry: MetricsRegistry) {
        let cache = accessCache
        registry.addSource("roster_platform_access_cache_total", [("result", "hit")]) { cache.hits }
        registry.addSource("roster_platform_access_cache_total", [("result", "miss")]) { cache.misses }
    }

    private func route(_ router: inout Router, _ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        let api = self
        router.add(method, pattern) { request, parameters in
            await api.handle(request, parameters, handler)
        }
    }
}
