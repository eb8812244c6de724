import Core
import Foundation
import SCIM
import Store

/// Turns stored users into SCIM resources.
enum UserRendering {
    /// The stored attributes as JSON, with `active` taken from the authoritative column (the
    /// reconciler may change access without touching the attribute blob). An unassigned
    /// `active` (removed by PATCH, left out of a PUT) stays absent while the user has no access.
    static func attributes(of user: UserRecord) throws -> JSONValue {
        attributes(of: user, stored: try? JSONValue.parse(user.attributes))
    }

    /// ``attributes(of:)`` from `stored`, `user.attributes` already parsed (nil if it does not
    /// parse), for a caller that needs the parsed text for something else too.
    static func attributes(of user: UserRecord, stored: JSONValue?) -> JSONValue {
        var object = stored?.objectValue ?? [:]
        if user.active || object["active"] != nil { object["active"] = .bool(user.active) }
        return .object(object)
    }

    /// `meta` for `user`.
    static func meta(of user: UserRecord) -> SCIMMeta {
        SCIMMeta(created: user.createdAt, lastModified: user.updatedAt, version: String(user.version))
    }

    /// The groups of `user` as SCIM references (read-only, derived from memberships, RFC 7643
    /// §4.1.2).
    static func groups(of user: UserRecord, on connection: SQLiteConnection) throws -> [SCIMGroupReference] {
        try MembershipTable.teams(tenant: user.tenant, userID: user.id, on: connection).map {
            SCIMGroupReference(id: $0.id, display: $0.displayName)
        }
    }

    /// The resource serialised for a response body. With the default projection it is written
    /// straight from the stored bytes (``SCIMResourceRenderer/writeUser(stored:active:id:meta:groups:into:)``),
    /// which every Okta and Entra read and write response uses; otherwise, or if the stored blob
    /// is not an object, through the tree renderer. Both give the same JSON.
    static func body(
        _ user: UserRecord, groups: [SCIMGroupReference]?, context: SCIMRequestContext,
        projection: AttributeProjection = .all
    ) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(user.attributes.utf8.count + 400)
        try write(user, groups: groups, context: context, projection: projection, into: &output)
        return output
    }

    /// Appends the serialised resource to `output` (see ``body(_:groups:context:projection:)``).
    static func write(
        _ user: UserRecord, groups: [SCIMGroupReference]?, context: SCIMRequestContext,
        projection: AttributeProjection, into output: inout [UInt8]
    ) throws {
        // No reserveCapacity here: called once per user of a page, exact reservations would
        // defeat the array's geometric growth and copy the page again for every user.
        if projection == .all,
            context.renderer.writeUser(
                stored: Array(user.attributes.utf8), active: user.active, id: user.id, meta: meta(of: user),
                groups: groups, into: &output)
        {
            return
        }
        JSONValue.write(try render(user, groups: groups, context: context, projection: projection), into: &output)
    }

    /// The full resource.
    static func render(
        _ user: UserRecord, groups: [SCIMGroupReference]?, context: SCIMRequestContext,
        projection: AttributeProjection = .all
    ) throws -> JSONValue {
        context.renderer.renderUser(
            attributes: try attributes(of: user), id: user.id, meta: meta(of: user), groups: groups,
            projection: projection)
    }
}
