import Core
import Foundation

/// Filtered reads of the audit trail for `roster audit` (issue 7).
public struct AuditQuery: Sendable {
    /// Events about this user: the user's own events and every membership event naming them.
    public var userID: String?
    /// Events about this team (including its membership changes).
    public var teamID: String?
    /// Events at or after this time.
    public var since: Date?
    /// At most this many events (the newest are kept; output is oldest first).
    public var limit = 1000

    /// An unfiltered query.
    public init(userID: String? = nil, teamID: String? = nil, since: Date? = nil, limit: Int = 1000) {
        self.userID = userID
        self.teamID = teamID
        self.since = since
        self.limit = limit
    }

    /// The matching events of `tenant`, in commit order.
    public func run(tenant: TenantName, on connection: SQLiteConnection) throws -> [AuditEvent] {
        var conditions = ["tenant = ?"]
        var arguments: [any SQLiteValueConvertible] = [tenant.rawValue]
        if let userID {
            conditions.append(
                """
                ((subject_type = 'user' AND subject_id = ?) OR (subject_type = 'team'
                  AND (json_extract(after, '$.user') = ? OR json_extract(before, '$.user') = ?)))
                """)
            arguments.append(contentsOf: [userID, userID, userID])
        }
        if let teamID {
            conditions.append("subject_type = 'team' AND subject_id = ?")
            arguments.append(teamID)
        }
        if let since {
            conditions.append("time >= ?")
            arguments.append(since)
        }
        let rows = try connection.query(
            """
            SELECT * FROM (SELECT \(AuditEvent.columns) FROM audit_events WHERE \(conditions.joined(separator: " AND "))
                           ORDER BY seq DESC LIMIT ?) ORDER BY seq
            """,
            arguments: arguments + [max(1, limit)])
        return try rows.map(AuditEvent.init(row:))
    }

    /// Ids of the tenant's users (deleted ones included) whose userName matches `userName`
    /// canonically, now or in the audit trail (a renamed or deleted user is still found).
    public static func userIDs(
        tenant: TenantName, userNameCanonical: String, userName: String, on connection: SQLiteConnection
    ) throws -> [String] {
        // Live and deleted holders separately, each from its own index (`users_user_name`,
        // `users_deleted_user_name`), merged in insertion order.
        var ids = try connection.query(
            """
            SELECT id FROM (
                SELECT id, rowid AS position FROM users
                WHERE tenant = ? AND user_name_canonical = ? AND deleted_at IS NULL
                UNION ALL
                SELECT id, rowid AS position FROM users
                WHERE tenant = ? AND user_name_canonical = ? AND deleted_at IS NOT NULL
            ) ORDER BY position
            """,
            tenant.rawValue, userNameCanonical, tenant.rawValue, userNameCanonical
        ).map { try $0.value(at: 0, as: String.self) }
        let historical = try connection.query(
            """
            SELECT DISTINCT subject_id FROM audit_events WHERE tenant = ? AND subject_type = 'user'
              AND (json_extract(after, '$.userName') = ? OR json_extract(before, '$.userName') = ?)
            """,
            tenant.rawValue, userName, userName
        ).map { try $0.value(at: 0, as: String.self) }
        for id in historical where !ids.contains(id) { ids.append(id) }
        return ids
    }
}
