extension Migration {
    /// Indexes and columns the SCIM receiver needs (issue 3): canonical group names for
    /// `displayName eq` (case-insensitive per RFC 7643 §4.2 — SQLite's NOCASE folds ASCII only, so
    /// the canonical form is computed in Swift), a group's extra attributes, an email index for
    /// `emails.value eq` filters, and a listing index that returns users in stable `rowid` order
    /// without a sort (RFC 7644 §3.4.2.4 needs stable paging).
    static let scimIndexes = Migration(
        identifier: "0002-scim-indexes",
        sql: """
            ALTER TABLE teams ADD COLUMN display_name_canonical TEXT NOT NULL DEFAULT '';
            ALTER TABLE teams ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes));
            CREATE INDEX teams_by_canonical_name ON teams(tenant, connection_id, display_name_canonical)
                WHERE archived_at IS NULL;
            CREATE INDEX teams_listing ON teams(tenant, connection_id, archived_at);
            CREATE INDEX users_listing ON users(tenant, connection_id, deleted_at);

            CREATE TABLE user_emails (
                tenant TEXT NOT NULL,
                user_id TEXT NOT NULL,
                value_canonical TEXT NOT NULL,
                PRIMARY KEY (tenant, user_id, value_canonical),
                FOREIGN KEY (tenant, user_id) REFERENCES users(tenant, id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX user_emails_by_value ON user_emails(tenant, value_canonical);
            """)
}
