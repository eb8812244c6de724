import Foundation
import TestSupport
import Testing

@testable import Store

/// Upgrades: a database written by the previous schema version opens and is migrated forward
/// with its data intact (issue 10). The fixture is built here by applying only the first
/// migration, exactly as a build that knew only that one did.
@Suite struct PreviousSchemaTests {
    @Test func databaseFromThePreviousSchemaIsMigratedWithItsData() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.file("roster.db")
            let previous = Array(Migration.all.dropLast())
            let old = try SQLiteConnection(path: path)
            try old.configureForWriting()
            try Migrator(migrations: previous).migrate(old)
            try old.execute("INSERT INTO tenants (name, created_at) VALUES ('acme', 1)")
            try old.execute(
                "INSERT INTO connections (id, tenant, name, idp, created_at) VALUES ('c1', 'acme', 'Okta', 'okta', 1)")
            try old.close()

            #expect(try await DatabaseBackup.schemaStatus(ofDatabaseAt: path).version == previous.count)
            #expect(try await DatabaseBackup.schemaStatus(ofDatabaseAt: path).isOlder)

            let database = try await Database.open(at: path, readers: 1)
            #expect(try await database.schemaVersion() == Migration.all.count)
            #expect(try await database.integrityCheck() == [])
            let tenants: [String] = try await database.read { try $0.query("SELECT name FROM tenants").map { try $0.value(at: 0) } }
            #expect(tenants == ["acme"])
            // The last migration's objects exist.
            let emails: Int = try await database.read {
                try $0.queryFirst("SELECT count(*) FROM sqlite_schema WHERE name = 'user_emails'")!.value(at: 0)
            }
            #expect(emails == 1)
            await database.close()
            let status = try await DatabaseBackup.schemaStatus(ofDatabaseAt: path)
            #expect(!status.isOlder && !status.isNewer)
        }
    }
}
