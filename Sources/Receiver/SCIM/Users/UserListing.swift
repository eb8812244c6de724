import Core
import Foundation
import SCIM
import Store

/// Serves `GET /Users`: an indexed lookup when the filter allows it (Okta's `userName eq`,
/// Entra's `externalId eq`, `emails.value eq`), otherwise a scan of the connection's users with
/// the filter evaluated in memory; stable order; paging per RFC 7644 §3.4.2.4.
struct UserListing {
    /// The parsed filter, sort, paging and attribute projection.
    let query: ListQuery
    /// The authorised request's tenant, connection and database access.
    let context: SCIMRequestContext

    /// Reads one page in a single snapshot and serialises the ListResponse.
    func run() async throws -> [UInt8] {
        let query = query
        let context = context
        let wantsGroups = query.projection.isReturned("groups", kind: .user)
        return try await context.read { connection in
            var selection = UserSelection.all
            var residual = query.filter
            if let filter = query.filter, let plan = filter.indexPlan(for: .user) {
                switch plan.lookup {
                case .id(let id): selection = .id(id)
                case .externalId(let value): selection = .externalID(value)
                case .userName(let canonical): selection = .userName(canonical: canonical)
                case .emailValue(let value): selection = .email(canonical: UserRecord.emailIndex([value])[0])
                case .displayName: selection = .all
                case .nothing:
                    return ListResponse(totalResults: 0, startIndex: query.paging.startIndex, resources: []).json.serialized()
                }
                if case .displayName = plan.lookup {} else { residual = plan.residual }
            }
            if query.pagesInStore(residual: residual) {
                let (total, users) = try UserTable.list(
                    tenant: context.tenant, connectionID: context.connectionID, selection: selection,
                    offset: query.paging.offset, limit: query.paging.count, on: connection)
                // Rendered straight into the body: the page is the common Okta/Entra lookup
                // (`userName eq`, `externalId eq`), on their hot path.
                return try ListResponse.write(
                    totalResults: total, startIndex: query.paging.startIndex, count: users.count
                ) { index, output in
                    let user = users[index]
                    try UserRendering.write(
                        user, groups: wantsGroups ? try UserRendering.groups(of: user, on: connection) : nil,
                        context: context, projection: query.projection, into: &output)
                }
            }
            // Filter in memory over every candidate, then sort and page.
            let (_, candidates) = try UserTable.list(
                tenant: context.tenant, connectionID: context.connectionID, selection: selection, offset: 0,
                limit: Int.max, on: connection)
            var matches: [(UserRecord, JSONValue)] = []
            for user in candidates {
                let groups = try UserRendering.groups(of: user, on: connection)
                let resource = try UserRendering.render(user, groups: groups, context: context)
                if residual?.matches(resource, kind: .user) ?? true { matches.append((user, resource)) }
            }
            if let sort = query.sort { matches.sort { Self.precedes($0.0, $1.0, sort) } }
            let page = matches.dropFirst(query.paging.offset).prefix(query.paging.count)
            let resources = page.map { _, resource in
                var shaped = resource
                if !wantsGroups, case .object(var object) = shaped {
                    object["groups"] = nil
                    shaped = .object(object)
                }
                return query.projection.apply(to: shaped, kind: .user)
            }
            return ListResponse(totalResults: matches.count, startIndex: query.paging.startIndex, resources: resources)
                .json.serialized()
        }
    }

    private static func precedes(_ lhs: UserRecord, _ rhs: UserRecord, _ sort: SortParameters) -> Bool {
        sort.ascending ? less(lhs, rhs, sort.key) : less(rhs, lhs, sort.key)
    }

    private static func less(_ lhs: UserRecord, _ rhs: UserRecord, _ key: SortParameters.Key) -> Bool {
        switch key {
        case .userName: return lhs.userNameCanonical < rhs.userNameCanonical
        case .displayName:
            let left = (try? UserRendering.attributes(of: lhs))?["displayName"]?.stringValue ?? ""
            let right = (try? UserRendering.attributes(of: rhs))?["displayName"]?.stringValue ?? ""
            return left.lowercased() < right.lowercased()
        case .externalId: return (lhs.externalID ?? "") < (rhs.externalID ?? "")
        case .id: return lhs.id < rhs.id
        case .created: return lhs.createdAt < rhs.createdAt
        case .lastModified: return lhs.updatedAt < rhs.updatedAt
        }
    }
}
