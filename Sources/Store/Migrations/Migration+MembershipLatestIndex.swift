extension Migration {
    /// The latest membership row of one user in one team from one index seek (issue 3, large
    /// groups without quadratic work).
    ///
    /// Three statements need that row: removing a member who is no longer current (Entra and
    /// Okta send removals of absent members), recording a membership of a user without access,
    /// and restoring a user's teams when access comes back. With only `(tenant, team_id)` and
    /// `(tenant, user_id, removed_at, team_id)` to choose from, SQLite searched
    /// `memberships_platform_history (tenant, team_id)`: every row the team ever had, for each
    /// lookup. So reactivating the members of a 100,000-member team cost 100,000 rows each, and a
    /// user whose access went back and forth paid for every history row of every team they were
    /// in. Index entries carry the rowid after the listed columns
    /// (https://www.sqlite.org/fileformat2.html §2.6.1 "Index B-Tree"), so `max(id)` and
    /// `ORDER BY id DESC LIMIT 1` for a given `(tenant, user_id, team_id)` are one seek to the end
    /// of that key's range. Ending a membership does not touch the index: only inserts do.
    static let membershipLatestIndex = Migration(
        identifier: "0011-membership-latest-index",
        sql: """
            CREATE INDEX memberships_latest ON memberships(tenant, user_id, team_id);
            """)
}
