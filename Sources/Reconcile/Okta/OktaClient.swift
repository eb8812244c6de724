import Core
import CurlTransport
import Foundation

/// Reads an Okta org's app users, app groups, group-push mappings and group members
/// (okta-protocol.md C1), paging through `Link: rel="next"` only (C3), honouring the
/// `X-Rate-Limit-*` headers and 429s (C4), retrying 5xx and timeouts with capped exponential
/// backoff, and stopping at 401/403. Any irregularity fails the listing: the caller must never
/// act on a partial pull (design.md "Reconciler rules" 1). Authenticates with an SSWS token or,
/// for an OAuth service app, a cached Bearer access token (`OktaClient+Token.swift`, C2).
///
/// An actor: one pull's requests are sequential (C4 advises few concurrent requests), and the
/// rate-limit state and statistics are updated between them.
public actor OktaClient {
    /// The org, app, credentials, timeouts and retry/backoff settings.
    let configuration: OktaClientConfiguration
    /// Sends the HTTPS requests (libcurl in production, a fake in tests).
    let transport: any HTTPTransport
    /// Tells the time, for rate-limit resets and token expiry.
    let clock: any Clock
    /// Waits out rate-limit pauses and backoffs; replaceable in tests.
    let sleeper: any Sleeper
    /// What Okta's last `X-Rate-Limit-*` headers allowed, so the next request can pause before hitting 429
    /// (okta-protocol.md C4).
    var rateLimit = RateLimitState()
    /// The cached access token of a service app, renewed shortly before it expires.
    var accessToken: OktaAccessToken?
    /// Requests, pages and waits so far.
    public internal(set) var statistics = OktaClientStatistics()

    /// A client for one org and app.
    public init(
        configuration: OktaClientConfiguration, transport: any HTTPTransport, clock: any Clock = SystemClock(),
        sleeper: any Sleeper = TaskSleeper()
    ) {
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
        self.sleeper = sleeper
    }

    private var app: String { "/api/v1/apps/\(Self.escape(configuration.appID))" }

    /// Users assigned to the app with their Okta user (`expand=user`, `limit=500`, the maximum:
    /// the `/apps/*` bucket is the tightest, C4).
    public func appUsers() async throws -> [OktaAppUser] {
        try await list("\(app)/users?expand=user&limit=500", limit: 500, decode: OktaAppUser.init(json:))
    }

    /// Groups assigned to the app, with their names (`expand=group`, `limit=200`).
    public func appGroups() async throws -> [OktaGroup] {
        try await list("\(app)/groups?expand=group&limit=200", limit: 200, decode: OktaGroup.init(json:))
    }

    /// Active group-push mappings (`status=ACTIVE`, `limit=1000`).
    public func activePushMappings() async throws -> [OktaPushMapping] {
        try await list(
            "\(app)/group-push/mappings?status=ACTIVE&limit=1000", limit: 1000, decode: OktaPushMapping.init(json:)
        ).filter { $0.status == "ACTIVE" }
    }

    /// The Okta user ids of `groupID`'s members (`limit=200`, C1).
    public func groupMemberIDs(_ groupID: String) async throws -> [String] {
        try await list("/api/v1/groups/\(Self.escape(groupID))/users?limit=200", limit: 200) { json in
            json["id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    /// One group by id (for a pushed group that is not assigned to the app).
    public func group(_ groupID: String) async throws -> OktaGroup {
        let path = "/api/v1/groups/\(Self.escape(groupID))"
        let response = try await get(configuration.origin.description + path, path: path)
        guard let json = try? JSONValue.parse(response.body, maxBytes: configuration.maxPageBytes),
            let group = OktaGroup(json: json)
        else { throw OktaPullError.invalidPage(path: path, reason: "not a group object") }
        return group
    }

    /// Every item of a paged listing, decoded page by page (so a 100,000-user org is never held
    /// as raw JSON). Fails on a non-array or undecodable page, more items than `limit`, a cursor
    /// seen before, an off-origin link, or too many pages.
    func list<Item>(
        _ pathAndQuery: String, limit: Int, decode: (JSONValue) -> Item?
    ) async throws -> [Item] {
        let path = String(pathAndQuery.prefix { $0 != "?" })
        var url = configuration.origin.description + pathAndQuery
        var seen: Set<String> = [url]
        var items: [Item] = []
        var pageCount = 0
        while true {
            let response = try await get(url, path: path)
            let page: JSONValue
            do {
                page = try JSONValue.parse(response.body, maxBytes: configuration.maxPageBytes)
            } catch {
                throw OktaPullError.invalidPage(path: path, reason: "not JSON (\(error))")
            }
            guard let elements = page.arrayValue else {
                throw OktaPullError.invalidPage(path: path, reason: "expected a JSON array, got \(page.typeName)")
            }
            guard elements.count <= limit else {
                throw OktaPullError.tooManyItems(path: path, count: elements.count, limit: limit)
            }
            // No reserveCapacity(count + page): reserving exactly defeats the array's geometric
            // growth, so every page would copy all items so far (quadratic over 200 pages).
            for element in elements {
                guard let item = decode(element) else {
                    throw OktaPullError.invalidPage(path: path, reason: "an item lacks required fields")
                }
                items.append(item)
            }
            pageCount += 1
            statistics.pages += 1
            guard let next = LinkHeader.next(in: response.headers(named: "Link")) else { return items }
            guard let origin = OktaOrigin(ofURL: next), origin.isSameOrigin(as: configuration.origin) else {
                throw OktaPullError.offOriginLink(path: path, origin: OktaOrigin(ofURL: next)?.description ?? "invalid")
            }
            guard seen.insert(next).inserted else { throw OktaPullError.cursorLoop(path: path) }
            guard pageCount < configuration.maxPagesPerListing else {
                throw OktaPullError.tooManyPages(path: path, limit: configuration.maxPagesPerListing)
            }
            url = next
        }
    }

    /// Percent-encodes an id for a path segment (ids come from Okta JSON or the admin: never
    /// trusted to be URL-safe, API10).
    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? segment
    }
}
