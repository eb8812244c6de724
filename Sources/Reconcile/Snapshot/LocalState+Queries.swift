import Core
import Foundation
import Store

extension LocalState {
    /// Current member user ids by team id, for the connection's non-archived teams, streamed.
    static func currentMembers(
        tenant: TenantName, connectionID: String, on connection: SQLiteConnection
    ) throws -> [String: Set<String>] {
        var members: [String: Set<String>] = [:]
        try connection.forEachRow(
            """
            SELECT m.team_id, m.user_id FROM memberships m JOIN teams t ON t.tenant = m.tenant AND t.id = m.team_id
            WHERE m.tenant = ? AND t.connection_id = ? AND m.removed_at IS NULL AND t.archived_at IS NULL
            """,
            tenant.rawValue, connectionID
        ) { row in
            members[try row.value(at: 0, as: String.self), default: []].insert(try row.value(at: 1, as: String.self))
        }
        return members
    }

    /// Of `candidates`, the ids that are not among `users` and that the connection's audit trail
    /// mentions as a user: one `audit_by_subject` index probe per such id.
    static func auditedUsers(
        among candidates: [String], excluding users: [UserSummary], tenant: TenantName, connectionID: String,
        on connection: SQLiteConnection
    ) throws -> Set<String> {
        var local: Set<String> = []
        local.reserveCapacity(users.count)
        for user in users { local.insert(user.id) }
        var audited: Set<String> = []
        var checked: Set<String> = []
        for id in candidates where !local.contains(id) && checked.insert(id).inserted {
            let row = try connection.queryFirst(
                """
                SELECT 1 FROM audit_events
                WHERE tenant = ? AND subject_type = 'user' AND subject_id = ? AND connection_id = ? LIMIT 1
                """,
                tenant.rawValue, id, connectionID)
            if row != nil { audited.insert(id) }
        }
        return audited
    }

    /// Every user id the connection's audit trail mentions.
    static func allAuditedUsers(
        tenant: TenantName, connectionID: String, on connection: SQLiteConnection
    ) throws -> Set<String> {
        var audited: Set<String> = []
        try connection.forEachRow(
            """
            SELECT DISTINCT subject_id FROM audit_events
            WHERE tenant = ? AND connection_id = ? AND subject_type = 'user'
            """,
            tenant.rawValue, connectionID
        ) { row in audited.insert(try row.value(at: 0, as: String.self)) }
        return audited
    }
}
