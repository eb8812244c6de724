extension Migration {
    /// Okta pull settings per connection and the page count of reconcile runs (issue 5).
    ///
    /// The API token itself is never stored: only where to read it (an environment variable name
    /// or a file path), so a copy of the database never holds an Okta credential (design.md
    /// "Secrets only by env var or file").
    static let oktaPull = Migration(
        identifier: "0004-okta-pull",
        sql: """
            CREATE TABLE okta_pull_settings (
                tenant TEXT NOT NULL REFERENCES tenants(name),
                connection_id TEXT NOT NULL,
                org_url TEXT NOT NULL,
                app_id TEXT NOT NULL,
                token_source TEXT NOT NULL CHECK (token_source IN ('env', 'file')),
                token_reference TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant, connection_id),
                FOREIGN KEY (tenant, connection_id) REFERENCES connections(tenant, id)
            ) STRICT;
            ALTER TABLE reconcile_runs ADD COLUMN pages INTEGER NOT NULL DEFAULT 0;
            """)
}
