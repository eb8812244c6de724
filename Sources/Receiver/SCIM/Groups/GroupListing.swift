import Core
import Foundation
import SCIM
import Store

/// Serves `GET /Groups` (see ``UserListing``). Members are loaded only when the projection
/// returns them: Entra lists with `excludedAttributes=members` (okta-protocol.md B).
struct GroupListing {
    /// The parsed filter, sort, paging and attribute projection.
    let query: ListQuery
    /// The authorised request's tenant, connection and database access.
    let context: SCIMRequestContext

    /// Reads one page in a single snapshot.
    func run() async throws -> ListResponse {
        let query = query
        let context = context
        let wantsMembers = query.projection.isReturned("members", kind: .group)
        return try await context.read { connection in
            var selection = TeamSelection.all
            var residual = query.filter
            if let filter = query.filter, let plan = filter.indexPlan(for: .group) {
                switch plan.lookup {
                case .id(let id): selection = .id(id)
                case .externalId(let value): selection = .externalID(value)
                case .displayName(let value): selection = .displayName(canonical: GroupWriter.canonical(value))
                case .userName, .emailValue, .nothing:
                    return ListResponse(totalResults: 0, startIndex: query.paging.startIndex, resources: [])
                }
                residual = plan.residual
            }
            if query.pagesInStore(residual: residual) {
                let (total, teams) = try TeamTable.list(
                    tenant: context.tenant, connectionID: context.connectionID, selection: selection,
                    offset: query.paging.offset, limit: query.paging.count, on: connection)
                let resources = try teams.map { team in
                    GroupRendering.render(
                        team, members: wantsMembers ? try GroupRendering.members(of: team, on: connection) : nil,
                        context: context, projection: query.projection)
                }
                return ListResponse(totalResults: total, startIndex: query.paging.startIndex, resources: resources)
            }
            let (_, candidates) = try TeamTable.list(
                tenant: context.tenant, connectionID: context.connectionID, selection: selection, offset: 0,
                limit: Int.max, on: connection)
            var matches: [TeamRecord] = []
            for team in candidates {
                let resource = GroupRendering.render(team, members: try GroupRendering.members(of: team, on: connection), context: context)
                if residual?.matches(resource, kind: .group) ?? true { matches.append(team) }
            }
            if let sort = query.sort {
                matches.sort { sort.ascending ? Self.less($0, $1, sort.key) : Self.less($1, $0, sort.key) }
            }
            let page = matches.dropFirst(query.paging.offset).prefix(query.paging.count)
            let resources = try page.map { team in
                GroupRendering.render(
                    team, members: wantsMembers ? try GroupRendering.members(of: team, on: connection) : nil,
                    context: context, projection: query.projection)
            }
            return ListResponse(totalResults: matches.count, startIndex: query.paging.startIndex, resources: resources)
        }
    }

    private static func less(_ lhs: TeamRecord, _ rhs: TeamRecord, _ key: SortParameters.Key) -> Bool {
        switch key {
        case .displayName, .userName: lhs.displayNameCanonical < rhs.displayNameCanonical
        case .externalId: (lhs.externalID ?? "") < (rhs.externalID ?? "")
        case .id: lhs.id < rhs.id
        case .created: lhs.createdAt < rhs.createdAt
        case .lastModified: lhs.updatedAt < rhs.updatedAt
        }
    }
}
