extension Migration {
    /// The rejected-request ring (issue 7) and an index for audit queries by time.
    static let observability = Migration(
        identifier: "0005-observability",
        sql: """
            CREATE TABLE rejected_requests (
                id INTEGER PRIMARY KEY,
                time INTEGER NOT NULL,
                tenant TEXT NOT NULL REFERENCES tenants(name),
                connection_id TEXT NOT NULL,
                request_id TEXT,
                method TEXT NOT NULL,
                route TEXT NOT NULL,
                status INTEGER NOT NULL,
                scim_type TEXT,
                detail TEXT,
                body TEXT NOT NULL,
                FOREIGN KEY (tenant, connection_id) REFERENCES connections(tenant, id)
            ) STRICT;
            CREATE INDEX rejected_by_tenant ON rejected_requests(tenant, id);
            CREATE INDEX audit_by_time ON audit_events(tenant, time);
            """)
}
