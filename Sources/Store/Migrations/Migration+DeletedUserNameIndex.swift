extension Migration {
    /// Deleted users' userNames in an index of their own (issue 3, durable SCIM writes).
    ///
    /// `users_platform_user_name_any (tenant, user_name_canonical, deleted_at)` held every user,
    /// although live users are already in the unique `users_user_name` index (`WHERE deleted_at IS
    /// NULL`); only its deleted entries were ever needed — `/access` telling a deleted user from an
    /// unknown one, and the audit lookup of a userName's users. Every provisioned user paid for it
    /// with one more B-tree insert at a random position (canonical userNames are not ordered),
    /// so one more dirty page in each group commit. A partial index over deleted rows answers
    /// exactly those queries (their `deleted_at IS NOT NULL` term implies the index's condition,
    /// https://www.sqlite.org/partialindex.html §3) and costs a provisioning write nothing.
    static let deletedUserNameIndex = Migration(
        identifier: "0010-deleted-user-name-index",
        sql: """
            CREATE INDEX users_deleted_user_name ON users(tenant, user_name_canonical, deleted_at)
                WHERE deleted_at IS NOT NULL;
            DROP INDEX users_platform_user_name_any;
            """)
}
