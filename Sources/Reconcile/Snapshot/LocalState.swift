import Core
import Foundation
import Store

/// Roster's own state of one connection, read in one transaction right after the pull: the
/// versions captured here are what apply compares against to detect a push that landed after
/// the snapshot (design.md "Reconciler rules" 4).
public struct LocalState: Sendable {
    /// Users of the connection, deleted ones included.
    public var users: [UserRecord]
    /// Non-archived teams of the connection.
    public var teams: [TeamRecord]
    /// Current member user ids by team id.
    public var members: [String: Set<String>]
    /// Open parked operations of the connection.
    public var parked: [ParkedOperation]
    /// User ids the audit trail has ever mentioned (a user missing now but audited was lost
    /// locally; one never audited was never pushed).
    public var auditedUserIDs: Set<String>

    /// Reads the state of `connectionID`.
    public static func load(tenant: TenantName, connectionID: String, database: Database) async throws -> LocalState {
        try await database.read { connection in
            let users = try UserTable.listAll(tenant: tenant, connectionID: connectionID, on: connection)
            let teams = try TeamTable.list(
                tenant: tenant, connectionID: connectionID, selection: .all, offset: 0, limit: Int.max,
                on: connection
            ).teams
            var members: [String: Set<String>] = [:]
            for row in try connection.query(
                """
                SELECT m.team_id, m.user_id FROM memberships m JOIN teams t ON t.tenant = m.tenant AND t.id = m.team_id
                WHERE m.tenant = ? AND t.connection_id = ? AND m.removed_at IS NULL AND t.archived_at IS NULL
                """,
                tenant.rawValue, connectionID)
            {
                members[try row.value(at: 0, as: String.self), default: []].insert(try row.value(at: 1, as: String.self))
            }
            let parked = try ParkedOperationTable.open(tenant: tenant, connectionID: connectionID, on: connection)
            let audited = Set(
                try connection.query(
                    """
                    SELECT DISTINCT subject_id FROM audit_events
                    WHERE tenant = ? AND connection_id = ? AND subject_type = 'user'
                    """,
                    tenant.rawValue, connectionID
                ).map { try $0.value(at: 0, as: String.self) })
            return LocalState(
                users: users, teams: teams, members: members, parked: parked, auditedUserIDs: audited)
        }
    }
}
