import Core
import Foundation

/// The platform read API's SQL (issue 4). Every function runs on a connection the caller holds
/// inside `Database.read {}` — the receiver verifies the platform token in that same transaction —
/// and every statement is keyed by tenant first, so another tenant's id, team or cursor position
/// finds nothing, exactly like a random one (hardening.md §1.4 API1).
///
/// Listings are keyset-paginated (`position > after ORDER BY position LIMIT n`), never by
/// `OFFSET`: a page costs the same at the end of a million rows as at the start, and rows inserted
/// while a client pages land after every existing position (rowids and membership ids only grow),
/// so paging to the end sees every row that existed when it started, once.
public enum PlatformQuery {
    /// Live (non-deleted) users of the tenant across all its connections, in `rowid` order; with
    /// a team filter, that team's current members in membership order (positions are then
    /// membership ids, and the caller scopes its cursor to the team).
    public static func users(
        tenant: TenantName, filter: UserFilter, after: Int64, limit: Int, on connection: SQLiteConnection
    ) throws -> [Positioned<UserRecord>] {
        let (sql, arguments) = usersStatement(tenant: tenant, filter: filter, after: after, limit: limit)
        return try connection.query(sql, arguments: arguments).map {
            Positioned(position: try $0.value("position"), value: try UserTable.record($0, connection))
        }
    }

    /// The statement ``users(tenant:filter:after:limit:on:)`` runs, with its arguments (separate
    /// so tests can check its query plan).
    static func usersStatement(
        tenant: TenantName, filter: UserFilter, after: Int64, limit: Int
    ) -> (sql: String, arguments: [any SQLiteValueConvertible]) {
        // The filters on the user's own columns, shared by both shapes of the query. With an
        // `externalId` filter, the unary `+` keeps `deleted_at` and `active` from steering SQLite
        // to a tenant-wide rowid-ordered index (a scan of every live user) instead of the
        // `externalId` seek below (https://www.sqlite.org/optoverview.html §19 "Disqualifying
        // WHERE clause terms using unary-+").
        let unindexed = filter.externalID == nil ? "" : "+"
        var userCondition = "\(unindexed)u.deleted_at IS NULL"
        var userArguments: [any SQLiteValueConvertible] = []
        if let active = filter.active {
            userCondition += " AND \(unindexed)u.active = ?"
            userArguments.append(active)
        }
        if let canonical = filter.userNameCanonical {
            userCondition += " AND u.user_name_canonical = ?"
            userArguments.append(canonical)
        }
        if let externalID = filter.externalID {
            // Served by the per-connection unique index `users_external_id (tenant, connection_id,
            // external_id)`, one seek per connection of the tenant (a tenant has a handful), so no
            // tenant-wide externalId index has to be kept up on every provisioning write.
            userCondition += " AND u.external_id = ? AND u.connection_id IN (SELECT id FROM connections WHERE tenant = ?)"
            userArguments.append(externalID)
            userArguments.append(tenant.rawValue)
        }
        if let teamID = filter.teamID {
            // A team's members are paged in membership order, keyed by the membership id: a page
            // reads only its own rows through `memberships_platform_team`, whose entries with
            // `removed_at IS NULL` are in id order. Paging users by rowid instead would collect
            // and sort the whole team for every page.
            return (
                """
                SELECT m.id AS position, \(userColumns) FROM memberships m
                JOIN users u ON u.tenant = m.tenant AND u.id = m.user_id
                WHERE m.tenant = ? AND m.team_id = ? AND m.removed_at IS NULL AND m.id > ? AND \(userCondition)
                ORDER BY m.id LIMIT ?
                """,
                [tenant.rawValue, teamID, after] + userArguments + [limit])
        }
        return (
            """
            SELECT u.rowid AS position, \(userColumns) FROM users u
            WHERE u.tenant = ? AND u.rowid > ? AND \(userCondition) ORDER BY u.rowid LIMIT ?
            """,
            [tenant.rawValue, after] + userArguments + [limit])
    }

    /// The user `id` of the tenant, deleted or not (the platform's history still sees deleted users).
    public static func user(tenant: TenantName, id: String, on connection: SQLiteConnection) throws -> UserRecord? {
        try connection.queryFirst("SELECT \(userColumns) FROM users u WHERE u.tenant = ? AND u.id = ?", tenant.rawValue, id)
            .map { try UserTable.record($0, connection) }
    }

    /// The non-archived teams `userID` is currently a member of, by display name.
    public static func teams(tenant: TenantName, ofUser userID: String, on connection: SQLiteConnection) throws
        -> [TeamReference]
    {
        try MembershipTable.teams(tenant: tenant, userID: userID, on: connection)
            .map { TeamReference(id: $0.id, displayName: $0.displayName) }
    }

    /// Non-archived teams of the tenant across its connections, in `rowid` order.
    public static func teams(
        tenant: TenantName, after: Int64, limit: Int, on connection: SQLiteConnection
    ) throws -> [Positioned<TeamRecord>] {
        try connection.query(
            """
            SELECT rowid AS position, \(TeamTable.columns) FROM teams
            WHERE tenant = ? AND archived_at IS NULL AND rowid > ? ORDER BY rowid LIMIT ?
            """,
            tenant.rawValue, after, limit
        ).map { Positioned(position: try $0.value("position"), value: try TeamTable.record($0)) }
    }

    /// The team `id` of the tenant, archived or not, with its current member count.
    public static func team(tenant: TenantName, id: String, on connection: SQLiteConnection) throws -> TeamSummary? {
        guard
            let team = try connection.queryFirst(
                "SELECT \(TeamTable.columns) FROM teams WHERE tenant = ? AND id = ?", tenant.rawValue, id
            ).map(TeamTable.record)
        else { return nil }
        let count = try connection.queryFirst(
            "SELECT count(*) FROM memberships WHERE tenant = ? AND team_id = ? AND removed_at IS NULL",
            tenant.rawValue, id)!.value(at: 0, as: Int.self)
        return TeamSummary(team: team, memberCount: count)
    }

    /// Membership rows of `teamID` in membership order: current members only, or with `history`
    /// every row ever (current and ended, with when and why they ended).
    public static func members(
        tenant: TenantName, teamID: String, history: Bool, after: Int64, limit: Int, on connection: SQLiteConnection
    ) throws -> [Positioned<MembershipEntry>] {
        let current = history ? "" : " AND m.removed_at IS NULL"
        return try connection.query(
            """
            SELECT m.id, m.user_id, u.user_name, m.added_at, m.removed_at, m.removed_reason
            FROM memberships m JOIN users u ON u.tenant = m.tenant AND u.id = m.user_id
            WHERE m.tenant = ? AND m.team_id = ?\(current) AND m.id > ? ORDER BY m.id LIMIT ?
            """,
            tenant.rawValue, teamID, after, limit
        ).map { row in
            Positioned(
                position: try row.value("id"),
                value: MembershipEntry(
                    userID: try row.value("user_id"), userName: try row.value("user_name"),
                    addedAt: try row.value("added_at"), removedAt: try row.value("removed_at"),
                    removedReason: try row.value("removed_reason")))
        }
    }

    /// The live user holding a canonical userName and, in the same statement, its current teams:
    /// one row per non-archived team, or one row with NULL team columns. Teams follow access, so
    /// an inactive user's memberships are not even read (`u.active = 1` in the join).
    private static let selectLiveUserWithTeams = """
        SELECT u.id, u.active, t.id, t.display_name FROM users u
        LEFT JOIN memberships m ON m.tenant = u.tenant AND m.user_id = u.id AND m.removed_at IS NULL AND u.active = 1
        LEFT JOIN teams t ON t.tenant = m.tenant AND t.id = m.team_id AND t.archived_at IS NULL
        WHERE u.tenant = ? AND u.user_name_canonical = ? AND u.deleted_at IS NULL
        """

    /// Whether the user holding `userNameCanonical` may sign in: one statement looks the user up
    /// in the unique `(tenant, user_name_canonical)` index and joins its current teams when
    /// allowed (through the covering `memberships_by_user_team`). A
    /// userName no live user holds is looked up once more among deleted users, to say `deleted`
    /// rather than `unknown-user`.
    public static func access(
        tenant: TenantName, userNameCanonical: String, on connection: SQLiteConnection
    ) throws -> AccessDecision {
        // Stepped with a cursor rather than collected as rows: this is the platform's sign-in
        // path, and each materialised row is an array of boxed values to allocate and free.
        var user: (id: String, active: Bool)?
        var teams: [TeamReference] = []
        try connection.forEachRow(selectLiveUserWithTeams, tenant.rawValue, userNameCanonical) { row in
            if user == nil { user = (try row.value(at: 0), try row.value(at: 1)) }
            // NULL team columns: no current membership, or a membership of an archived team.
            guard let teamID = try row.value(at: 2, as: String?.self) else { return }
            teams.append(TeamReference(id: teamID, displayName: try row.value(at: 3, as: String.self)))
        }
        if let user {
            teams.sort { MembershipTable.inDisplayOrder(($0.id, $0.displayName), ($1.id, $1.displayName)) }
            return AccessDecision(userID: user.id, active: user.active, teams: teams, reason: user.active ? .active : .inactive)
        }
        if let deleted = try connection.queryFirst(
            """
            SELECT id FROM users WHERE tenant = ? AND user_name_canonical = ? AND deleted_at IS NOT NULL
            ORDER BY deleted_at DESC LIMIT 1
            """,
            tenant.rawValue, userNameCanonical)
        {
            return AccessDecision(userID: try deleted.value("id"), active: false, teams: [], reason: .deleted)
        }
        return AccessDecision(userID: nil, active: nil, teams: [], reason: .unknownUser)
    }

    /// The tenant's audit events with `seq > after`, in `seq` order, which is commit order:
    ///
    /// 1. `seq` is `INTEGER PRIMARY KEY AUTOINCREMENT`: assigned at insert as one more than the
    ///    largest ever used, never reused (https://www.sqlite.org/autoinc.html).
    /// 2. Every insert happens inside a write transaction, and SQLite admits one writer at a time
    ///    per database file, across processes (`BEGIN IMMEDIATE` takes the write lock;
    ///    https://www.sqlite.org/lockingv3.html, https://www.sqlite.org/wal.html §2.2). Within
    ///    this process every write also goes through the single writer connection
    ///    (``GroupCommitWriter``). So a transaction that starts after another committed assigns
    ///    larger numbers: `seq` order is commit order, CLI writes from another process included.
    /// 3. Group commit runs several writes in one transaction, in queue order, so their events
    ///    take consecutive numbers in that order and become visible together at the one COMMIT.
    /// 4. A WAL reader sees a snapshot holding every transaction committed before it began and
    ///    none after (https://www.sqlite.org/isolation.html); since larger numbers commit later, a
    ///    snapshot holds a *prefix* of the sequence (minus numbers of rolled-back transactions,
    ///    which are never used). A reader that saw event N can never later find an unseen event
    ///    below N, so `after = N` loses nothing.
    public static func events(
        tenant: TenantName, after: Int64, limit: Int, on connection: SQLiteConnection
    ) throws -> [AuditEvent] {
        try connection.query(
            "SELECT \(AuditEvent.columns) FROM audit_events WHERE tenant = ? AND seq > ? ORDER BY seq LIMIT ?",
            tenant.rawValue, after, limit
        ).map(AuditEvent.init(row:))
    }

    /// `u.`-qualified user columns, for queries that alias `users` as `u`.
    static let userColumns = UserTable.columns.split(separator: ",")
        .map { "u." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        .joined(separator: ", ")
}
