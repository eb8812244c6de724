import Foundation
import Store
import TestSupport
import Testing

@Suite struct MigratorTests {
    private static let tables = [
        "audit_events", "connections", "mail_outbox", "memberships", "okta_pull_settings", "parked_operations",
        "push_traffic_hourly", "reconcile_run_actions", "reconcile_runs",
        "rejected_requests", "schema_migrations", "teams", "tenants", "tokens", "user_emails", "users",
    ]

    @Test func emptyDatabaseMigratesToLatest() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            #expect(try await database.schemaVersion() == Migration.all.count)
            let tables: [String] = try await database.read { connection in
                try connection.query(
                    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                ).map { try $0.value(at: 0) }
            }
            #expect(tables == Self.tables)
            let strict: [String] = try await database.read { connection in
                try connection.query("SELECT name FROM pragma_table_list WHERE strict = 1 ORDER BY name")
                    .map { try $0.value(at: 0) }
            }
            #expect(strict == Self.tables)
        }
    }

    @Test func reopeningIsIdempotent() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.file("roster.db")
            let first = try await Database.open(at: path, readers: 1)
            try await first.write { connection in
                try connection.execute("INSERT INTO tenants (name, created_at) VALUES ('acme', 1)")
            }
            await first.close()
            let second = try await Database.open(at: path, readers: 1)
            #expect(try await second.schemaVersion() == Migration.all.count)
            let count: Int = try await second.read { connection in
                try connection.queryFirst("SELECT count(*) FROM schema_migrations")!.value(at: 0)
            }
            #expect(count == Migration.all.count)
            #expect(try await second.read { try $0.query("SELECT * FROM tenants").count } == 1)
            await second.close()
        }
    }

    @Test func unknownNewerMigrationIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.file("roster.db")
            let database = try await Database.open(at: path, readers: 1)
            try await database.write { connection in
                try connection.execute(
                    "INSERT INTO schema_migrations (identifier, applied_at) VALUES ('9999-from-the-future', 0)")
            }
            await database.close()
            do {
                _ = try await Database.open(at: path, readers: 1)
                Issue.record("opened a database from a newer build")
            } catch StoreError.newerSchema(let found, let supported) {
                #expect(found == Migration.all.count + 1)
                #expect(supported == Migration.all.count)
            }
        }
    }

    @Test func foreignKeysAreEnforcedBySchema() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            await #expect(throws: StoreError.self) {
                try await database.write { connection in
                    try connection.execute(
                        "INSERT INTO connections (id, tenant, name, idp, created_at) VALUES ('c', 'ghost', 'n', 'okta', 0)")
                }
            }
        }
    }
}
