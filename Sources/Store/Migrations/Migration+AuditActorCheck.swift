extension Migration {
    /// The audit table's `actor` check without an `IN` list, so an audit insert no longer builds
    /// a temporary B-tree (issue 3, durable SCIM writes: every write appends an audit event).
    ///
    /// SQLite evaluates `x IN (list)` of more than two constants through an ephemeral index that
    /// the statement builds each time it runs (`EXPLAIN` shows `OpenEphemeral` and one
    /// `IdxInsert` per constant before the row is written; sqlite3FindInIndex uses plain
    /// comparisons only for lists of two or fewer). For `CHECK (actor IN ('scim', 'reconciler',
    /// 'admin'))` that is a temporary pager opened, filled and closed for every audit event:
    /// `bench/audit_check` measures SQLite's CPU per SCIM create 12–14 % higher with the old
    /// check (about 6–7 µs of the single writer's time), per `PATCH`-like update 10–14 % (3.5–5
    /// µs). `actor = 'scim' OR actor = 'reconciler' OR actor = 'admin'` accepts
    /// exactly the same values (a STRICT `TEXT NOT NULL` column, compared with the column's
    /// BINARY collation either way) with three comparisons.
    ///
    /// SQLite cannot change a `CHECK` in place, so the table is rebuilt with the documented
    /// procedure (https://www.sqlite.org/lang_altertable.html §7): create the new table, copy the
    /// rows in `seq` order, drop the old one, rename, recreate the indexes (the same three,
    /// built once over the copied rows). The `AUTOINCREMENT` high-water mark is carried over
    /// explicitly: after retention pruned the newest-looking rows it can exceed `max(seq)`, and
    /// sequence numbers must never be reused (`seq` is the platform's change-feed cursor;
    /// https://www.sqlite.org/autoinc.html). Nothing references `audit_events`, so dropping it
    /// breaks no foreign key; the migrator's `foreign_key_check` confirms the copy.
    ///
    /// Cost: one copy of the audit log at upgrade, inside the migration's transaction (a crash
    /// midway leaves the old table untouched).
    static let auditActorCheck = Migration(
        identifier: "0013-audit-actor-check",
        sql: """
            CREATE TABLE audit_events_rebuilt (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                time INTEGER NOT NULL,
                tenant TEXT NOT NULL REFERENCES tenants(name),
                connection_id TEXT,
                actor TEXT NOT NULL CHECK (actor = 'scim' OR actor = 'reconciler' OR actor = 'admin'),
                request_id TEXT,
                action TEXT NOT NULL,
                subject_type TEXT NOT NULL,
                subject_id TEXT NOT NULL,
                before TEXT CHECK (before IS NULL OR json_valid(before)),
                after TEXT CHECK (after IS NULL OR json_valid(after)),
                FOREIGN KEY (tenant, connection_id) REFERENCES connections(tenant, id)
            ) STRICT;
            INSERT INTO audit_events_rebuilt
                (seq, time, tenant, connection_id, actor, request_id, action, subject_type, subject_id, before, after)
            SELECT seq, time, tenant, connection_id, actor, request_id, action, subject_type, subject_id, before, after
            FROM audit_events ORDER BY seq;
            DELETE FROM sqlite_sequence WHERE name = 'audit_events_rebuilt';
            INSERT INTO sqlite_sequence (name, seq)
                SELECT 'audit_events_rebuilt', seq FROM sqlite_sequence WHERE name = 'audit_events';
            DROP TABLE audit_events;
            ALTER TABLE audit_events_rebuilt RENAME TO audit_events;
            CREATE INDEX audit_by_tenant ON audit_events(tenant, seq);
            CREATE INDEX audit_by_subject ON audit_events(tenant, subject_type, subject_id, seq);
            CREATE INDEX audit_by_time ON audit_events(tenant, time);
            """)
}
