extension Migration {
    /// The first schema (issue 2, "Store").
    ///
    /// Conventions, all deliberate:
    /// - `STRICT` tables: a value of the wrong type is an error instead of being silently stored
    ///   (https://www.sqlite.org/stricttables.html).
    /// - Times are INTEGER Unix milliseconds (see `Date: SQLiteValueConvertible`).
    /// - Every tenant-owned table has a `tenant` column referencing `tenants(name)`, and its
    ///   indexes lead with `tenant`, so every query of a request is scoped and served by an index.
    ///   Exception: `tokens.token_hash`, looked up before the tenant is known.
    /// - Cross-table references carry the tenant too — `(tenant, connection_id)` references
    ///   `connections(tenant, id)` — so the database itself refuses a row that links two tenants.
    /// - JSON columns are TEXT checked with `json_valid` (https://www.sqlite.org/json1.html).
    /// - Booleans are INTEGER checked to 0/1. Nothing is ever hard-deleted (design.md).
    static let initialSchema = Migration(
        identifier: "0001-initial-schema",
        sql: """
            CREATE TABLE tenants (
                name TEXT PRIMARY KEY NOT NULL,
                created_at INTEGER NOT NULL
            ) STRICT;

            CREATE TABLE connections (
                id TEXT PRIMARY KEY NOT NULL,
                tenant TEXT NOT NULL REFERENCES tenants(name),
                name TEXT NOT NULL,
                idp TEXT NOT NULL CHECK (idp IN ('okta', 'entra', 'generic')),
                created_at INTEGER NOT NULL,
                UNIQUE (tenant, name),
                UNIQUE (tenant, id)
            ) STRICT;

            CREATE TABLE tokens (
                id TEXT PRIMARY KEY NOT NULL,
                tenant TEXT NOT NULL REFERENCES tenants(name),
                connection_id TEXT,
                kind TEXT NOT NULL CHECK (kind IN ('scim', 'platform')),
                token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
                created_at INTEGER NOT NULL,
                last_used_at INTEGER,
                revoked_at INTEGER,
                CHECK ((kind = 'scim') = (connection_id IS NOT NULL)),
                FOREIGN KEY (tenant, connection_id) REFERENCES connections(tenant, id)
            ) STRICT;
            CREATE INDEX tokens_by_tenant ON tokens(tenant, created_at);

            CREATE TABLE users (
                id TEXT PRIMARY KEY NOT NULL,
                tenant TEXT NOT NULL REFERENCES tenants(name),
                connection_id TEXT NOT NULL,
                external_id TEXT,
                user_name TEXT NOT NULL,
                user_name_canonical TEXT NOT NULL,
                active INTEGER NOT NULL CHECK (active IN (0, 1)),
                deleted_at INTEGER,
                attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                version INTEGER NOT NULL DEFAULT 1,
                UNIQUE (tenant, id),
                FOREIGN KEY (tenant, connection_id) REFERENCES connections(tenant, id)
            ) STRICT;
            -- userName is unique per tenant in one canonical form (design.md); the SCIM layer
            -- computes user_name_canonical because SQLite's NOCASE folds ASCII only
            -- (https://www.sqlite.org/datatype3.html#collation). A deleted user no longer holds its
            -- userName (RFC 7644 §3.6: it is gone from queries), hence the partial index.
            CREATE UNIQUE INDEX users_user_name ON users(tenant, user_name_canonical)
                WHERE deleted_at IS NULL;
            -- externalId is unique per connection (a connection belongs to one tenant).
            CREATE UNIQUE INDEX users_external_id ON users(tenant, connection_id, external_id);
            CREATE INDEX users_by_connection ON users(tenant, connection_id, active);

            CREATE TABLE teams (
                id TEXT PRIMARY KEY NOT NULL,
                tenant TEXT NOT NULL REFERENCES tenants(name),
                connection_id TEXT NOT NULL,
                external_id TEXT,
                display_name TEXT NOT NULL,
                archived_at INTEGER,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                version INTEGER NOT NULL DEFAULT 1,
                UNIQUE (tenant, id),
                FOREIGN KEY (tenant, connection_id) REFERENCES connections(tenant, id)
            ) STRICT;
            CREATE UNIQUE INDEX teams_external_id ON teams(tenant, connection_id, external_id);
            CREATE INDEX teams_by_name ON teams(tenant, connection_id, display_name);

            CREATE TABLE memberships (
                id INTEGER PRIMARY KEY,
                tenant TEXT NOT NULL REFERENCES tenants(name),
                team_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                added_at INTEGER NOT NULL,
                removed_at INTEGER,
                removed_reason TEXT,
                CHECK (removed_at IS NOT NULL OR removed_reason IS NULL),
                FOREIGN KEY (tenant, team_id) REFERENCES teams(tenant, id),
                FOREIGN KEY (tenant, user_id) REFERENCES users(tenant, id)
            ) STRICT;
            -- At most one current membership per (team, user); ended ones are history
            -- (partial index: https://www.sqlite.org/partialindex.html).
            CREATE UNIQUE INDEX memberships_current ON memberships(tenant, team_id, user_id)
                WHERE removed_at IS NULL;
            CREATE INDEX memberships_by_user ON memberships(tenant, user_id, removed_at);

            CREATE TABLE parked_operations (
                id INTEGER PRIMARY KEY,
                tenant TEXT NOT NULL REFERENCES tenants(name),
                connection_id TEXT NOT NULL,
                team_id TEXT NOT NULL,
                user_ref TEXT NOT NULL,
                op TEXT NOT NULL CHECK (op IN ('add', 'remove')),
                request_id TEXT,
                created_at INTEGER NOT NULL,
                resolved_at INTEGER,
                resolution TEXT,
                CHECK ((resolved_at IS NULL) = (resolution IS NULL)),
                FOREIGN KEY (tenant, connection_id) REFERENCES connections(tenant, id),
                FOREIGN KEY (tenant, team_id) REFERENCES teams(tenant, id)
            ) STRICT;
            CREATE INDEX parked_open_by_user ON parked_operations(tenant, connection_id, user_ref)
                WHERE resolved_at IS NULL;
            CREATE INDEX parked_by_team ON parked_operations(tenant, team_id, created_at);

            CREATE TABLE audit_events (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                time INTEGER NOT NULL,
                tenant TEXT NOT NULL REFERENCES tenants(name),
                connection_id TEXT,
                actor TEXT NOT NULL CHECK (actor IN ('scim', 'reconciler', 'admin')),
                request_id TEXT,
                action TEXT NOT NULL,
                subject_type TEXT NOT NULL,
                subject_id TEXT NOT NULL,
                before TEXT CHECK (before IS NULL OR json_valid(before)),
                after TEXT CHECK (after IS NULL OR json_valid(after)),
                FOREIGN KEY (tenant, connection_id) REFERENCES connections(tenant, id)
            ) STRICT;
            -- AUTOINCREMENT: sequence numbers are never reused, so `seq` is a safe change-feed
            -- cursor (https://www.sqlite.org/autoinc.html).
            CREATE INDEX audit_by_tenant ON audit_events(tenant, seq);
            CREATE INDEX audit_by_subject ON audit_events(tenant, subject_type, subject_id, seq);

            CREATE TABLE reconcile_runs (
                id TEXT PRIMARY KEY NOT NULL,
                tenant TEXT NOT NULL REFERENCES tenants(name),
                connection_id TEXT NOT NULL,
                started_at INTEGER NOT NULL,
                finished_at INTEGER,
                outcome TEXT CHECK (outcome IS NULL OR outcome IN ('succeeded', 'failed', 'blocked')),
                dry_run INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
                counts TEXT CHECK (counts IS NULL OR json_valid(counts)),
                plan TEXT CHECK (plan IS NULL OR json_valid(plan)),
                api_calls INTEGER NOT NULL DEFAULT 0,
                rate_limit_waits INTEGER NOT NULL DEFAULT 0,
                error TEXT,
                FOREIGN KEY (tenant, connection_id) REFERENCES connections(tenant, id)
            ) STRICT;
            CREATE INDEX reconcile_runs_by_connection ON reconcile_runs(tenant, connection_id, started_at);
            """)
}
