extension Migration {
    /// Durable SCIM push-traffic aggregates and the mail outbox (issue 6, the nightly report).
    ///
    /// - `push_traffic_hourly`: one row per connection, hour, status, `scimType` and latency
    ///   bucket, incremented in batches off the request path (``PushTrafficRecorder``). The
    ///   report reads requests, errors by status and `scimType`, and p50/p99 from it.
    /// - `mail_outbox`: every message is stored whole (RFC 5322 bytes, `Message-ID` included)
    ///   before it is sent, so a crash between sending and recording resends the very same
    ///   message at most once (`state = 'sending'` marks the attempt in flight).
    static let reportAndMail = Migration(
        identifier: "0006-report-and-mail",
        sql: """
            CREATE TABLE push_traffic_hourly (
                tenant TEXT NOT NULL REFERENCES tenants(name),
                connection_id TEXT NOT NULL,
                hour INTEGER NOT NULL,
                status INTEGER NOT NULL,
                scim_type TEXT NOT NULL DEFAULT '',
                latency_le_ms INTEGER NOT NULL,
                requests INTEGER NOT NULL CHECK (requests >= 0),
                PRIMARY KEY (tenant, connection_id, hour, status, scim_type, latency_le_ms),
                FOREIGN KEY (tenant, connection_id) REFERENCES connections(tenant, id)
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE mail_outbox (
                id INTEGER PRIMARY KEY,
                message_id TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL CHECK (kind IN ('report', 'alert')),
                tenant TEXT,
                connection_id TEXT,
                sender TEXT NOT NULL,
                recipients TEXT NOT NULL CHECK (json_valid(recipients)),
                subject TEXT NOT NULL,
                message BLOB NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                last_error TEXT,
                created_at INTEGER NOT NULL,
                sent_at INTEGER
            ) STRICT;
            CREATE INDEX mail_outbox_due ON mail_outbox(state, next_attempt_at);
            CREATE INDEX mail_outbox_alerts ON mail_outbox(kind, tenant, connection_id, created_at);
            """)
}
