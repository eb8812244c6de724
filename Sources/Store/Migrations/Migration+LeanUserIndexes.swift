extension Migration {
    /// Two fewer user indexes to keep up on every provisioning write (issue 3, durable SCIM
    /// writes). Canonical userNames and externalIds are not ordered, so each of these indexes cost
    /// every new user one B-tree insert at a random position — one more dirty page in each group
    /// commit — for queries other indexes can answer.
    ///
    /// - `users_platform_user_name_any (tenant, user_name_canonical, deleted_at)` held every user,
    ///   although live users are already in the unique `users_user_name` index (`WHERE deleted_at
    ///   IS NULL`); only its deleted entries were needed — `/access` telling a deleted user from an
    ///   unknown one, and the audit lookup of a userName's users. A partial index over deleted rows
    ///   answers exactly those queries (their `deleted_at IS NOT NULL` term implies the index's
    ///   condition, https://www.sqlite.org/partialindex.html §3) and costs a provisioning write
    ///   nothing.
    /// - `users_platform_external_id (tenant, external_id)`: the platform API's tenant-wide
    ///   `externalId` filter now seeks the per-connection unique index `users_external_id` once per
    ///   connection of the tenant (`connection_id IN (…)`).
    static let leanUserIndexes = Migration(
        identifier: "0010-lean-user-indexes",
        sql: """
            CREATE INDEX users_deleted_user_name ON users(tenant, user_name_canonical, deleted_at)
                WHERE deleted_at IS NOT NULL;
            DROP INDEX users_platform_user_name_any;
            DROP INDEX users_platform_external_id;
            """)
}
