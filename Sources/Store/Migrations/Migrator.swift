import Foundation
internal import CSQLite

/// Applies ``Migration``s in order, each in its own `BEGIN IMMEDIATE` transaction, recording each in
/// `schema_migrations`.
///
/// - Each migration's transaction runs `PRAGMA foreign_key_check` before committing: schema changes
///   can leave rows pointing nowhere, which `foreign_keys=ON` does not catch retroactively
///   (https://www.sqlite.org/pragma.html#pragma_foreign_key_check).
/// - The applied set is re-read inside each transaction, so two processes opening the same
///   database at once (a CLI command beside `serve`) never apply a migration twice.
/// - A database holding an identifier this build does not know was migrated by a newer Roster,
///   which this build refuses to touch (``StoreError/newerSchema(found:supported:)``).
struct Migrator {
    /// The known migrations, in order.
    let migrations: [Migration]

    /// Brings the database up to date.
    func migrate(_ connection: SQLiteConnection) throws {
        try connection.write {
            try connection.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    identifier TEXT PRIMARY KEY NOT NULL,
                    applied_at INTEGER NOT NULL
                ) STRICT
                """)
        }
        try refuseUnknown(Self.appliedIdentifiers(connection))
        for migration in migrations {
            try connection.write {
                let applied = try Self.appliedIdentifiers(connection)
                try refuseUnknown(applied)
                guard !applied.contains(migration.identifier) else { return }
                try connection.executeScript(migration.sql)
                let violations = try connection.query("PRAGMA foreign_key_check")
                guard violations.isEmpty else {
                    throw SQLiteError(
                        code: SQLITE_CONSTRAINT,
                        message: "migration \(migration.identifier) leaves \(violations.count) foreign key violation(s)")
                }
                try connection.execute(
                    "INSERT INTO schema_migrations (identifier, applied_at) VALUES (?, ?)",
                    migration.identifier, Date())
            }
        }
    }

    /// The identifiers recorded in `schema_migrations` (empty if the table does not exist yet).
    static func appliedIdentifiers(_ connection: SQLiteConnection) throws -> Set<String> {
        let exists = try connection.queryFirst(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
        guard exists != nil else { return [] }
        return Set(try connection.query("SELECT identifier FROM schema_migrations").map { try $0.value(at: 0) })
    }

    private func refuseUnknown(_ applied: Set<String>) throws {
        let known = Set(migrations.map(\.identifier))
        if !applied.isSubset(of: known) {
            throw StoreError.newerSchema(found: applied.count, supported: migrations.count)
        }
    }
}
