import Core
import Foundation

/// Why a membership ended; stored in `memberships.removed_reason`.
public enum MembershipEndReason: String, Sendable {
    /// The IdP removed the member (PATCH remove, PUT without them, replace).
    case removed
    /// The user lost access (deactivated or deleted): teams follow access (design.md).
    case accessEnded = "access-ended"
    /// The team was archived (SCIM DELETE of the group).
    case teamArchived = "team-archived"
    /// The reconciler removed a stale member.
    case stale
}

/// SQL for `memberships`. Current members have `removed_at IS NULL`; ended rows are history and
/// are never deleted. Adds and removes are idempotent: adding a current member or removing an
/// absent one changes nothing and reports `false`.
public enum MembershipTable {
    /// Makes `userID` a current member of `teamID`; false when it already was.
    @discardableResult
    public static func add(
        tenant: TenantName, teamID: String, userID: String, at time: Date, on connection: SQLiteConnection
    ) throws -> Bool {
        try connection.execute(
            """
            INSERT INTO memberships (tenant, team_id, user_id, added_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (tenant, team_id, user_id) WHERE removed_at IS NULL DO NOTHING
            """,
            tenant.rawValue, teamID, userID, time)
        return connection.changes > 0
    }

    /// Ends the current membership of `userID` in `teamID`; false when there was none.
    @discardableResult
    public static func remove(
        tenant: TenantName, teamID: String, userID: String, reason: MembershipEndReason, at time: Date,
        on connection: SQLiteConnection
    ) throws -> Bool {
        try connection.execute(
            """
            UPDATE memberships SET removed_at = ?, removed_reason = ?
            WHERE tenant = ? AND team_id = ? AND user_id = ? AND removed_at IS NULL
            """,
            time, reason.rawValue, tenant.rawValue, teamID, userID)
        if connection.changes > 0 { return true }
        // Not a current member. If access loss ended the membership, the IdP removing the user
        // now means it must not come back on reactivation: record the removal on that row.
        try connection.execute(markAccessEndedRowRemoved, reason.rawValue, tenant.rawValue, teamID, userID)
        return false
    }

    /// Records that `userID` belongs to `teamID` in the IdP while having no access: a membership
    /// row that is already ended with `access-ended`, so ``restoreAccess(tenant:userID:at:on:)``
    /// brings it back the moment the user regains access (Okta keeps deactivated users in its
    /// groups, okta-protocol.md A5). Nothing is written when the latest row already says so.
    public static func recordWithoutAccess(
        tenant: TenantName, teamID: String, userID: String, at time: Date, on connection: SQLiteConnection
    ) throws {
        let latest = try connection.queryFirst(selectLatestRow, tenant.rawValue, teamID, userID)
        if let latest {
            let isCurrent: Bool = try latest.value("current")
            let reason: String? = try latest.value("removed_reason")
            if isCurrent || reason == MembershipEndReason.accessEnded.rawValue { return }
        }
        try connection.execute(
            """
            INSERT INTO memberships (tenant, team_id, user_id, added_at, removed_at, removed_reason)
            VALUES (?, ?, ?, ?, ?, 'access-ended')
            """,
            tenant.rawValue, teamID, userID, time, time)
    }

    // The three statements below each need the latest row of one user in one team; every one is
    // a seek in `memberships_latest (tenant, user_id, team_id)` (migration 0011), never a walk
    // through the team's whole history. Kept here as constants so the tests can check the plans.

    /// Gives the latest row of (tenant, team, user) a new end reason if it ended with
    /// `access-ended`. Arguments: reason, tenant, team id, user id.
    static let markAccessEndedRowRemoved = """
        UPDATE memberships SET removed_reason = ?
        WHERE id = (SELECT max(id) FROM memberships WHERE tenant = ? AND team_id = ? AND user_id = ?)
          AND removed_reason = 'access-ended'
        """

    /// Whether the latest row of (tenant, team, user) is current, and its end reason.
    /// Arguments: tenant, team id, user id.
    static let selectLatestRow = """
        SELECT removed_at IS NULL AS current, removed_reason FROM memberships
        WHERE tenant = ? AND team_id = ? AND user_id = ? ORDER BY id DESC LIMIT 1
        """

    /// Whether the user has any membership row, current or ended (one covering index seek).
    static let selectAnyRow = "SELECT 1 FROM memberships WHERE tenant = ? AND user_id = ? LIMIT 1"

    /// The non-archived teams whose latest row of the user ended with `access-ended`, in row
    /// order. Arguments: tenant (`?1`), user id (`?2`).
    ///
    /// The user's history is not walked: a user whose access went back and forth a thousand times
    /// has thousands of rows, of which only the latest per team matter. The recursive part visits
    /// each team the user was ever in once, one index seek each (`min(team_id)` above the previous
    /// one: SQLite has no loose index scan of its own, https://www.sqlite.org/lang_with.html), and
    /// the latest row of each is one more seek. Cost: the number of teams, not of rows.
    static let selectTeamsToRestore = """
        WITH RECURSIVE teams_of_user(team_id) AS (
            SELECT min(team_id) FROM memberships WHERE tenant = ?1 AND user_id = ?2
            UNION ALL
            SELECT (SELECT min(team_id) FROM memberships
                    WHERE tenant = ?1 AND user_id = ?2 AND team_id > teams_of_user.team_id)
            FROM teams_of_user WHERE teams_of_user.team_id IS NOT NULL
        )
        SELECT m.team_id FROM teams_of_user u
        JOIN memberships m ON m.id = (SELECT max(id) FROM memberships x
                                      WHERE x.tenant = ?1 AND x.user_id = ?2 AND x.team_id = u.team_id)
        JOIN teams t ON t.tenant = m.tenant AND t.id = m.team_id
        WHERE m.removed_reason = 'access-ended' AND t.archived_at IS NULL
        ORDER BY m.id
        """

    /// Ends every current membership of `teamID`; returns the user ids that were members.
    @discardableResult
    public static func removeAll(
        tenant: TenantName, teamID: String, reason: MembershipEndReason, at time: Date, on connection: SQLiteConnection
    ) throws -> [String] {
        let members = try memberIDs(tenant: tenant, teamID: teamID, on: connection)
        try connection.execute(
            """
            UPDATE memberships SET removed_at = ?, removed_reason = ?
            WHERE tenant = ? AND team_id = ? AND removed_at IS NULL
            """,
            time, reason.rawValue, tenant.rawValue, teamID)
        return members
    }

    /// Current member ids of `teamID`, in the order they were added.
    public static func memberIDs(tenant: TenantName, teamID: String, on connection: SQLiteConnection) throws -> [String] {
        try connection.query(
            "SELECT user_id FROM memberships WHERE tenant = ? AND team_id = ? AND removed_at IS NULL ORDER BY id",
            tenant.rawValue, teamID
        ).map { try $0.value(at: 0, as: String.self) }
    }

    /// Current members of `teamID` with their userNames, in the order they were added.
    public static func members(
        tenant: TenantName, teamID: String, on connection: SQLiteConnection
    ) throws -> [(id: String, userName: String)] {
        try connection.query(
            """
            SELECT m.user_id, u.user_name FROM memberships m JOIN users u ON u.tenant = m.tenant AND u.id = m.user_id
            WHERE m.tenant = ? AND m.team_id = ? AND m.removed_at IS NULL ORDER BY m.id
            """,
            tenant.rawValue, teamID
        ).map { (try $0.value(at: 0, as: String.self), try $0.value(at: 1, as: String.self)) }
    }

    /// The non-archived teams `userID` is currently a member of, by display name.
    public static func teams(
        tenant: TenantName, userID: String, on connection: SQLiteConnection
    ) throws -> [(id: String, displayName: String)] {
        // Sorted here rather than with ORDER BY: a user is in a handful of teams, and an ORDER BY
        // on the joined table makes SQLite build a temporary B-tree for every call (this runs on
        // every platform `/access`). The order is the same: BINARY collation compares UTF-8
        // bytes (https://www.sqlite.org/datatype3.html#collation), as `utf8` comparison does.
        try connection.query(
            """
            SELECT t.id, t.display_name FROM memberships m JOIN teams t ON t.tenant = m.tenant AND t.id = m.team_id
            WHERE m.tenant = ? AND m.user_id = ? AND m.removed_at IS NULL AND t.archived_at IS NULL
            """,
            tenant.rawValue, userID
        ).map { (id: try $0.value(at: 0, as: String.self), displayName: try $0.value(at: 1, as: String.self)) }
            .sorted(by: inDisplayOrder)
    }

    /// The order of a user's teams: by display name, then id, both as UTF-8 bytes — what
    /// `ORDER BY display_name, id` gives under SQLite's BINARY collation.
    static func inDisplayOrder(
        _ left: (id: String, displayName: String), _ right: (id: String, displayName: String)
    ) -> Bool {
        if !left.displayName.utf8.elementsEqual(right.displayName.utf8) {
            return left.displayName.utf8.lexicographicallyPrecedes(right.displayName.utf8)
        }
        return left.id.utf8.lexicographicallyPrecedes(right.id.utf8)
    }

    /// Ends every current membership of `userID` because their access ended; returns the team ids.
    public static func endAccess(
        tenant: TenantName, userID: String, at time: Date, on connection: SQLiteConnection
    ) throws -> [String] {
        let teamIDs = try connection.query(
            "SELECT team_id FROM memberships WHERE tenant = ? AND user_id = ? AND removed_at IS NULL ORDER BY id",
            tenant.rawValue, userID
        ).map { try $0.value(at: 0, as: String.self) }
        try connection.execute(
            """
            UPDATE memberships SET removed_at = ?, removed_reason = 'access-ended'
            WHERE tenant = ? AND user_id = ? AND removed_at IS NULL
            """,
            time, tenant.rawValue, userID)
        return teamIDs
    }

    /// Restores the memberships `userID` lost when their access last ended: for each
    /// non-archived team whose latest membership row of this user ended with `access-ended`,
    /// a new current membership. Returns the team ids restored.
    public static func restoreAccess(
        tenant: TenantName, userID: String, at time: Date, on connection: SQLiteConnection
    ) throws -> [String] {
        // Most users who regain access were in no pushed team at all: one index seek answers that,
        // where the recursive query would open a temporary table to find nothing.
        guard try connection.queryFirst(selectAnyRow, tenant.rawValue, userID) != nil else { return [] }
        let teamIDs = try connection.query(selectTeamsToRestore, tenant.rawValue, userID)
            .map { try $0.value(at: 0, as: String.self) }
        for teamID in teamIDs {
            try add(tenant: tenant, teamID: teamID, userID: userID, at: time, on: connection)
        }
        return teamIDs
    }
}
