extension Migration {
    /// Indexes the platform read API needs (issue 4). Each listing is keyset-paginated by
    /// `rowid` (users, teams) or membership `id`; SQLite appends the rowid to every index entry, so
    /// an index whose other columns are all fixed by `=` / `IS NULL` returns rows already in rowid
    /// order and can seek straight to `rowid > cursor` (https://www.sqlite.org/queryplanner.html
    /// §1.6 "Covering Indexes", §2 "Searching").
    ///
    /// - `users_platform_listing` / `users_platform_active`: the tenant-wide user list (the
    ///   platform sees the tenant, not a connection), unfiltered or by `active`.
    /// - `users_platform_external_id`: `externalId` across the tenant's connections (the existing
    ///   index leads with the connection).
    /// - `users_platform_user_name_any`: `/access` of a userName no live user holds, to tell a
    ///   deleted user from an unknown one (the unique index covers live users only).
    /// - `teams_platform_listing`: the tenant-wide team list.
    /// - `memberships_platform_team`: a team's current members in membership order, and its full
    ///   history (`removed_at` not fixed) through the `(tenant, team_id)` prefix.
    static let platformIndexes = Migration(
        identifier: "0003-platform-indexes",
        sql: """
            CREATE INDEX users_platform_listing ON users(tenant, deleted_at);
            CREATE INDEX users_platform_active ON users(tenant, active, deleted_at);
            CREATE INDEX users_platform_external_id ON users(tenant, external_id);
            CREATE INDEX users_platform_user_name_any ON users(tenant, user_name_canonical, deleted_at);
            CREATE INDEX teams_platform_listing ON teams(tenant, archived_at);
            CREATE INDEX memberships_platform_team ON memberships(tenant, team_id, removed_at);
            CREATE INDEX memberships_platform_history ON memberships(tenant, team_id);
            """)
}
