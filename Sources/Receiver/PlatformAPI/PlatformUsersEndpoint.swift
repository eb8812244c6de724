import Core
import HTTPServer
import Store

/// `GET /users` and `GET /users/{id}`: the tenant's users across all its connections (the
/// platform sees the tenant, not a connection).
///
/// Soft-deleted users (SCIM `DELETE`) are hidden from `/users`, whose filters describe who is
/// there now; `/users/{id}` still answers them with `"deleted": true` and `"active": false`,
/// because the platform's history (audit events, membership history) refers to them by id.
struct PlatformUsersEndpoint: Sendable {
    /// The API (settings).
    let api: PlatformAPI

    /// `GET /users?active=&userName=&externalId=&team=&limit=&after=`.
    func list(_ request: HTTPRequest, _ parameters: RouteParameters, _ context: PlatformRequestContext) async throws
        -> HTTPResponse
    {
        let query = try PlatformQueryParameters(
            request, allowed: ["active", "userName", "externalId", "team", "limit", "after"])
        let limit = try query.integer("limit", in: 1...api.settings.maxPageSize) ?? api.settings.defaultPageSize
        var filter = UserFilter(active: try query.bool("active"), externalID: try query.string("externalId"))
        filter.teamID = try query.string("team")
        // A team's members are paged by membership, everyone else by user: a cursor is scoped
        // to its team, so one from another listing is refused rather than misread.
        let scope = filter.teamID.map { "team:" + $0 } ?? ""
        let after = try query.cursor(.users, context: context, scope: scope)?.position ?? 0
        if let userName = try query.string("userName") {
            // Same canonical matching as SCIM; a userName that cannot be canonicalised matches
            // nobody (it cannot be stored), so the answer is an empty page, not an error.
            guard let canonical = try? UserNameCanonicalizer.canonicalize(userName) else {
                try await context.authorize()
                return HTTPResponse.json(.ok, PlatformJSON.page([UserRecord](), next: nil) { _, _ in })
            }
            filter.userNameCanonical = canonical
        }
        let tenant = context.tenant
        let selection = filter
        let rows = try await context.read { connection in
            try PlatformQuery.users(tenant: tenant, filter: selection, after: after, limit: limit, on: connection)
        }
        let next = PlatformCursor.next(after: rows, limit: limit, listing: .users, tenant: tenant, scope: scope)
        return HTTPResponse.json(.ok, PlatformJSON.page(rows, next: next) { json, row in json.user(row.value) })
    }

    /// `GET /users/{id}` with the user's current teams.
    func get(_ request: HTTPRequest, _ parameters: RouteParameters, _ context: PlatformRequestContext) async throws
        -> HTTPResponse
    {
        _ = try PlatformQueryParameters(request, allowed: [])
        let id = parameters["id"] ?? ""
        let tenant = context.tenant
        let found = try await context.read { connection -> (UserRecord, [TeamReference])? in
            guard let user = try PlatformQuery.user(tenant: tenant, id: id, on: connection) else { return nil }
            return (user, try PlatformQuery.teams(tenant: tenant, ofUser: id, on: connection))
        }
        guard let (user, teams) = found else { throw PlatformError.notFound("user") }
        var json = PlatformJSON()
        json.user(user, teams: teams)
        return HTTPResponse.json(.ok, json.bytes)
    }
}
