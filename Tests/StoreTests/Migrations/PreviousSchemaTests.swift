import Core
import Foundation
import TestSupport
import Testing

@testable import Store

/// Upgrades: a database written by the previous schema version opens and is migrated forward
/// with its data intact (issue 10). The fixture is built here by applying the migrations an
/// older build knew, exactly as that build did.
@Suite struct PreviousSchemaTests {
    /// A database at `path` as a build that knew only `migrations` left it, holding tenant
    /// `acme` and its Okta connection `c1`; the caller closes it.
    private static func oldDatabase(at path: String, migrations: [Migration]) throws -> SQLiteConnection {
        let old = try SQLiteConnection(path: path)
        try old.configureForWriting()
        try Migrator(migrations: migrations).migrate(old)
        try old.execute("INSERT INTO tenants (name, created_at) VALUES ('acme', 1)")
        try old.execute(
            "INSERT INTO connections (id, tenant, name, idp, created_at) VALUES ('c1', 'acme', 'Okta', 'okta', 1)")
        return old
    }

    @Test func databaseFromThePreviousSchemaIsMigratedWithItsData() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.file("roster.db")
            let previous = Array(Migration.all.dropLast())
            try Self.oldDatabase(at: path, migrations: previous).close()

            #expect(try await DatabaseBackup.schemaStatus(ofDatabaseAt: path).version == previous.count)
            #expect(try await DatabaseBackup.schemaStatus(ofDatabaseAt: path).isOlder)

            let database = try await Database.open(at: path, readers: 1)
            #expect(try await database.schemaVersion() == Migration.all.count)
            #expect(try await database.integrityCheck() == [])
            let tenants: [String] = try await database.read { try $0.query("SELECT name FROM tenants").map { try $0.value(at: 0) } }
            #expect(tenants == ["acme"])
            // The schema is the current one: objects of earlier migrations are there, and the last
            // migration (`0010-lean-user-indexes`) replaced two indexes by one.
            let objects: [String] = try await database.read {
                try $0.query(
                    """
                    SELECT name FROM sqlite_schema
                    WHERE name IN ('user_emails', 'memberships_by_user_team', 'users_platform_user_name_any',
                                   'users_platform_external_id', 'users_deleted_user_name') ORDER BY name
                    """
                ).map { try $0.value(at: 0) }
            }
            #expect(objects == ["memberships_by_user_team", "user_emails", "users_deleted_user_name"])
            await database.close()
            let status = try await DatabaseBackup.schemaStatus(ofDatabaseAt: path)
            #expect(!status.isOlder && !status.isNewer)
        }
    }

    /// Migration `0008-run-actions` from `0007`: a run recorded with its plan as one JSON text
    /// keeps it, reads as actions through ``ReconcileRunActionTable``, and new runs get rows.
    @Test func runPlansFromThePreviousSchemaStayReadable() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.file("roster.db")
            let previous = Array(Migration.all.prefix { $0.identifier != "0008-run-actions" })
            #expect(previous.count == 7 && Migration.all[7].identifier == "0008-run-actions")
            let old = try Self.oldDatabase(at: path, migrations: previous)
            let plan = #"[{"drift":"push-never-arrived","kind":"provision-user","outcome":"applied","reason":"assigned","subject":"scim-1","user":"a@example.com"},{"drift":"out-of-scope","kind":"rename-team","outcome":"skipped","reason":"renamed","subject":"t1","team":"Ops"}]"#
            try old.execute(
                """
                INSERT INTO reconcile_runs (id, tenant, connection_id, started_at, finished_at, outcome, dry_run, plan)
                VALUES ('rec-old', 'acme', 'c1', 1, 2, 'succeeded', 0, ?)
                """, plan)
            try old.close()

            let database = try await Database.open(at: path, readers: 1)
            #expect(try await database.schemaVersion() == Migration.all.count)
            #expect(try await database.integrityCheck() == [])
            let tenant = TenantName(rawValue: "acme")!
            let actions: [ReconcileRunActionRecord] = try await database.read { connection in
                var actions: [ReconcileRunActionRecord] = []
                try ReconcileRunActionTable.forEach(runID: "rec-old", tenant: tenant, on: connection) { actions.append($0) }
                return actions
            }
            #expect(actions == [
                ReconcileRunActionRecord(
                    position: 0, kind: "provision-user", subjectID: "scim-1", userID: "a@example.com", reason: "assigned",
                    drift: "push-never-arrived", outcome: "applied"),
                ReconcileRunActionRecord(
                    position: 1, kind: "rename-team", subjectID: "t1", teamName: "Ops", reason: "renamed",
                    drift: "out-of-scope", outcome: "skipped"),
            ])
            let runs = try await database.read { try ReconcileRunTable.list(tenant: tenant, connectionID: "c1", on: $0) }
            #expect(runs.map(\.plan) == [plan])
            // A new run's actions are rows, tied to their run.
            try await database.write { connection in
                try ReconcileRunTable.insert(
                    ReconcileRunRecord(
                        id: "rec-new", tenant: tenant, connectionID: "c1", startedAt: Date(), dryRun: true),
                    on: connection)
                try ReconcileRunActionTable.insert(
                    runID: "rec-new",
                    [ReconcileRunActionRecord(position: 0, kind: "add-member", subjectID: "t1", reason: "r", drift: "local-change", outcome: "planned")],
                    on: connection)
            }
            #expect(try await database.read { try ReconcileRunActionTable.count(runID: "rec-new", on: $0) } == 1)
            await #expect(throws: (any Error).self) {
                try await database.write { connection in
                    try ReconcileRunActionTable.insert(
                        runID: "rec-missing",
                        [ReconcileRunActionRecord(position: 0, kind: "k", subjectID: "s", reason: "r", drift: "d", outcome: "planned")],
                        on: connection)
                }
            }
            await database.close()
        }
    }
}
