import Core
import Foundation

/// "Who had access at time T, and in which teams?", answered by replaying the audit trail up to
/// T (design.md: the audit trail answers it; issue 7 `roster access --at`).
///
/// The replay uses only audit events — never today's rows — so a later change cannot rewrite
/// the past. User events carry `userName` and `active` in their `after` state; membership
/// events name the user in `after.user` or `before.user`.
public struct AccessHistory: Sendable {
    /// One user's reconstructed state.
    public struct Entry: Sendable, Equatable {
        /// The user id.
        public var userID: String
        /// The userName at that time.
        public var userName: String
        /// Whether the user had access.
        public var active: Bool
        /// Display names of the teams the user was a current member of.
        public var teams: [String]

        /// Creates an entry.
        public init(userID: String, userName: String, active: Bool, teams: [String]) {
            self.userID = userID
            self.userName = userName
            self.active = active
            self.teams = teams
        }
    }

    /// Every user known at the time, by userName.
    public let entries: [Entry]
    /// The oldest event still kept for the tenant: before it, history may be incomplete
    /// (audit retention).
    public let oldestEventTime: Date?

    /// Replays the events of `tenant` up to and including `time`.
    public static func reconstruct(tenant: TenantName, at time: Date, on connection: SQLiteConnection) throws
        -> AccessHistory
    {
        struct UserState {
            var userName = ""
            var active = false
            var deleted = false
        }
        var users: [String: UserState] = [:]
        var teamNames: [String: String] = [:]
        var archived: Set<String> = []
        var members: [String: Set<String>] = [:]  // team id → user ids
        let rows = try connection.query(
            """
            SELECT action, subject_type, subject_id, before, after FROM audit_events
            WHERE tenant = ? AND time <= ? ORDER BY seq
            """,
            tenant.rawValue, time)
        for row in rows {
            let action: String = try row.value("action")
            let subjectID: String = try row.value("subject_id")
            let before = try (row.value("before", as: String?.self)).flatMap { try? JSONValue.parse($0) }
            let after = try (row.value("after", as: String?.self)).flatMap { try? JSONValue.parse($0) }
            switch action {
            case "user.provisioned", "user.updated", "user.deactivated", "user.reactivated":
                var state = users[subjectID] ?? UserState()
                if let name = after?["userName"]?.stringValue { state.userName = name }
                if case .bool(let active)? = after?["active"] { state.active = active }
                state.deleted = false
                users[subjectID] = state
            case "user.deleted":
                users[subjectID, default: UserState()].deleted = true
                users[subjectID]?.active = false
            case "team.created", "team.renamed", "team.updated":
                if let name = after?["displayName"]?.stringValue { teamNames[subjectID] = name }
                archived.remove(subjectID)
            case "team.archived":
                archived.insert(subjectID)
                members[subjectID] = []
            case "member.added":
                if let user = after?["user"]?.stringValue { members[subjectID, default: []].insert(user) }
            case "member.removed":
                if let user = after?["user"]?.stringValue ?? before?["user"]?.stringValue {
                    members[subjectID]?.remove(user)
                }
            default:
                break
            }
        }
        var teamsByUser: [String: [String]] = [:]
        for (team, users) in members where !archived.contains(team) {
            for user in users { teamsByUser[user, default: []].append(teamNames[team] ?? team) }
        }
        let entries = users.filter { !$0.value.deleted }.map { id, state in
            Entry(userID: id, userName: state.userName, active: state.active, teams: (teamsByUser[id] ?? []).sorted())
        }.sorted { ($0.userName, $0.userID) < ($1.userName, $1.userID) }
        let oldest = try connection.queryFirst(
            "SELECT min(time) FROM audit_events WHERE tenant = ?", tenant.rawValue
        ).flatMap { try $0.value(at: 0, as: Date?.self) }
        return AccessHistory(entries: entries, oldestEventTime: oldest)
    }
}

/// Audit retention (issue 7): events older than a horizon are deleted, except the latest event
/// of every subject — and for membership events, of every (team, user) pair — so the latest
/// state of everything stays on record.
public enum AuditRetention {
    /// Deletes prunable events older than `horizon`; returns how many were deleted.
    @discardableResult
    public static func prune(olderThan horizon: Date, on connection: SQLiteConnection) throws -> Int {
        try connection.execute(
            """
            DELETE FROM audit_events WHERE time < ? AND seq NOT IN (
                SELECT max(seq) FROM audit_events
                GROUP BY tenant, subject_type, subject_id,
                         coalesce(json_extract(after, '$.user'), json_extract(before, '$.user')))
            """,
            horizon)
        return connection.changes
    }
}
