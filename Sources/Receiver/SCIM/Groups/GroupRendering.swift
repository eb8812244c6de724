import Core
import Foundation
import SCIM
import Store

/// Turns stored teams into SCIM Group resources.
enum GroupRendering {
    /// The stored attributes with the authoritative `displayName` and `externalId` columns.
    static func attributes(of team: TeamRecord) -> JSONValue {
        var object = (try? JSONValue.parse(team.attributes))?.objectValue ?? [:]
        object["displayName"] = .string(team.displayName)
        object["externalId"] = team.externalID.map(JSONValue.string)
        return .object(object)
    }

    /// `meta` for `team`.
    static func meta(of team: TeamRecord) -> SCIMMeta {
        SCIMMeta(created: team.createdAt, lastModified: team.updatedAt, version: String(team.version))
    }

    /// Current members as SCIM references, with the userName as `display`.
    static func members(of team: TeamRecord, on connection: SQLiteConnection) throws -> [SCIMMemberReference] {
        try MembershipTable.members(tenant: team.tenant, teamID: team.id, on: connection).map {
            SCIMMemberReference(id: $0.id, display: $0.userName)
        }
    }

    /// The full resource; `members` nil leaves them out.
    static func render(
        _ team: TeamRecord, members: [SCIMMemberReference]?, context: SCIMRequestContext,
        projection: AttributeProjection = .all
    ) -> JSONValue {
        context.renderer.renderGroup(
            attributes: attributes(of: team), id: team.id, meta: meta(of: team), members: members,
            projection: projection)
    }
}
