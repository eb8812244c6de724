extension Migration {
    /// One fewer user index to keep up on every provisioning write and every change of access
    /// (issue 3, durable SCIM writes).
    ///
    /// `users_by_connection (tenant, connection_id, active)` came with the first schema, and no
    /// query has needed it since `users_listing (tenant, connection_id, deleted_at)` (migration
    /// 0002) arrived with the same leading columns: every statement that filters users by
    /// connection — the SCIM listing, the reconciler's reads, the report's counts, the foreign-key
    /// check when a connection row is deleted — is planned on `users_listing`, and the platform's
    /// tenant-wide `active` filter on `users_platform_active`. Yet each new user cost it one
    /// B-tree insert (one more page in each group commit), and each change of `active` a delete
    /// and an insert in it.
    static let dropConnectionActiveIndex = Migration(
        identifier: "0012-drop-connection-active-index",
        sql: """
            DROP INDEX users_by_connection;
            """)
}
