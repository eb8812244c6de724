import Core
import HTTPServer
import Store

/// `GET /teams`, `GET /teams/{id}` and `GET /teams/{id}/members`.
///
/// Archived teams (SCIM `DELETE /Groups`) are hidden from `/teams` but answered by id with
/// `"archived": true`; their memberships ended with reason `team-archived` and remain in the
/// history.
struct PlatformTeamsEndpoint: Sendable {
    /// The API (settings).
    let api: PlatformAPI

    /// `GET /teams?limit=&after=`.
    func list(_ request: HTTPRequest, _ parameters: RouteParameters, _ context: PlatformRequestContext) async throws
        -> HTTPResponse
    {
        let query = try PlatformQueryParameters(request, allowed: ["limit", "after"])
        let limit = try query.integer("limit", in: 1...api.settings.maxPageSize) ?? api.settings.defaultPageSize
        let after = try query.cursor(.teams, context: context)?.position ?? 0
        let tenant = context.tenant
        let rows = try await context.read { connection in
            try PlatformQuery.teams(tenant: tenant, after: after, limit: limit, on: connection)
        }
        let next = PlatformCursor.next(after: rows, limit: limit, listing: .teams, tenant: tenant)
        return HTTPResponse.json(.ok, PlatformJSON.page(rows, next: next) { json, row in json.team(row.value) })
    }

    /// `GET /teams/{id}` with the current member count.
    func get(_ request: HTTPRequest, _ parameters: RouteParameters, _ context: PlatformRequestContext) async throws
        -> HTTPResponse
    {
        _ = try PlatformQueryParameters(request, allowed: [])
        let id = parameters["id"] ?? ""
        let tenant = context.tenant
        guard let summary = try await context.read({ try PlatformQuery.team(tenant: tenant, id: id, on: $0) }) else {
            throw PlatformError.notFound("team")
        }
        var json = PlatformJSON()
        json.team(summary.team, memberCount: summary.memberCount)
        return HTTPResponse.json(.ok, json.bytes)
    }

    /// `GET /teams/{id}/members?history=&limit=&after=`: current members in the order they were
    /// added, or with `history=true` every membership row ever, with `removedAt` and `reason`.
    func members(_ request: HTTPRequest, _ parameters: RouteParameters, _ context: PlatformRequestContext) async throws
        -> HTTPResponse
    {
        let query = try PlatformQueryParameters(request, allowed: ["history", "limit", "after"])
        let id = parameters["id"] ?? ""
        let history = try query.bool("history") ?? false
        let listing: PlatformCursor.Listing = history ? .history : .members
        let limit = try query.integer("limit", in: 1...api.settings.maxPageSize) ?? api.settings.defaultPageSize
        let after = try query.cursor(listing, context: context, scope: id)?.position ?? 0
        let tenant = context.tenant
        let rows = try await context.read { connection -> [Positioned<MembershipEntry>]? in
            guard try PlatformQuery.team(tenant: tenant, id: id, on: connection) != nil else { return nil }
            return try PlatformQuery.members(
                tenant: tenant, teamID: id, history: history, after: after, limit: limit, on: connection)
        }
        guard let rows else { throw PlatformError.notFound("team") }
        let next = PlatformCursor.next(after: rows, limit: limit, listing: listing, tenant: tenant, scope: id)
        return HTTPResponse.json(
            .ok, PlatformJSON.page(rows, next: next) { json, row in json.membership(row.value, history: history) })
    }
}
