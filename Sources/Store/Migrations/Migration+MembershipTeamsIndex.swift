extension Migration {
    /// A user's current teams straight from one index (issue 4, `/access` on the sign-in path).
    ///
    /// `memberships_by_user (tenant, user_id, removed_at)` found a user's current memberships
    /// but not their teams: every membership then cost a lookup in the `memberships` table for
    /// `team_id`. With `team_id` as the last column the index covers that query
    /// (https://www.sqlite.org/queryplanner.html §1.6 "Covering Indexes"); its first three
    /// columns are the old index, so every query that used the old one uses this one, and the old
    /// one is dropped rather than kept as a second copy to maintain on every membership write.
    static let membershipTeamsIndex = Migration(
        identifier: "0009-membership-teams-index",
        sql: """
            CREATE INDEX memberships_by_user_team ON memberships(tenant, user_id, removed_at, team_id);
            DROP INDEX memberships_by_user;
            """)
}
