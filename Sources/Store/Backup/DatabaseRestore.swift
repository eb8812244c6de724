import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Replaces a Roster database with a backup, refusing anything that could lose data:
///
/// 1. Takes the ``DatabaseLock`` `serve` holds, so it refuses while a server runs (and no server
///    can start mid-restore).
/// 2. Verifies the backup (``DatabaseBackup/verify(backupAt:)``: `integrity_check`, a Roster
///    database, a schema not newer than this build) before touching the live file.
/// 3. Copies it with the backup API to a staging file beside the database and checks that copy.
/// 4. Checkpoints the current database and switches it out of WAL mode, so its `-wal` is merged
///    and removed by SQLite itself — never deleted by hand while hot
///    (https://www.sqlite.org/howtocorrupt.html §1.4). If that fails (a damaged file), its `-wal`
///    and `-shm` are moved aside *with* it, keeping the set consistent.
/// 5. Keeps the previous database as `<db>.before-restore-<UTC timestamp>` (a hard link), then
///    `rename(2)`s the staging file over the database: at every instant the path names either
///    the complete old file or the complete new one.
public enum DatabaseRestore {
    /// What a restore did.
    public struct Summary: Sendable, Equatable {
        /// The restored database.
        public let databasePath: String
        /// Where the previous database was kept, if there was one.
        public let previousKeptAt: String?
        /// The schema of the restored file (migrated at the next start if older than this build).
        public let schema: SchemaStatus
    }

    /// Restores `backup` into the database at `databasePath`.
    /// - Parameter now: The time used in the name of the kept previous database.
    /// - Throws: ``StoreError/locked(path:)`` while a `serve` holds the database; ``BackupError``
    ///   when the backup is refused or a file step fails.
    public static func restore(from backup: String, toDatabaseAt databasePath: String, now: Date = Date()) async throws
        -> Summary
    {
        let lock = try DatabaseLock.acquire(forDatabaseAt: databasePath)
        defer { lock.release() }
        try DatabaseBackup.refuseSameFile(backup, databasePath)
        _ = try await DatabaseBackup.verify(backupAt: backup)
        return try await DatabaseBackup.offThePool {
            let staging = "\(databasePath).restore-\(getpid())"
            defer { unlink(staging) }
            let source = try DatabaseBackup.sqlite(backup) {
                try SQLiteConnection(path: backup, create: false, readOnly: true)
            }
            let copied: DatabaseBackup.Summary
            do {
                defer { try? source.close() }
                copied = try DatabaseBackup.copy(from: source, sourcePath: backup, to: staging, overwrite: true)
            }
            let previous = try setAside(databasePath, stamp: timestamp(now))
            guard rename(staging, databasePath) == 0 else {
                throw DatabaseBackup.fileSystemError("rename over", databasePath)
            }
            try DatabaseBackup.syncDirectory(of: databasePath)
            return Summary(databasePath: databasePath, previousKeptAt: previous, schema: copied.schema)
        }
    }

    /// Checkpoints the current database into one file and links it to its kept-aside name.
    /// Returns that name, or nil when there is no current database.
    private static func setAside(_ path: String, stamp: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let aside = "\(path).before-restore-\(stamp)"
        var merged = false
        if let connection = try? SQLiteConnection(path: path, create: false) {
            // TRUNCATE checkpoints every frame and empties the WAL; leaving WAL mode then deletes it
            // (https://www.sqlite.org/pragma.html#pragma_wal_checkpoint, #pragma_journal_mode).
            if (try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")) != nil,
                case .text(let mode)? = try? connection.pragma("journal_mode = DELETE"), mode.lowercased() == "delete"
            {
                merged = true
            }
            try? connection.close()
        }
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            if merged {
                // Not hot any more: the database is in rollback mode with every frame merged.
                unlink(path + suffix)
            } else {
                guard rename(path + suffix, aside + suffix) == 0 else {
                    throw DatabaseBackup.fileSystemError("rename", path + suffix)
                }
            }
        }
        guard link(path, aside) == 0 else { throw DatabaseBackup.fileSystemError("link to", aside) }
        try DatabaseBackup.syncDirectory(of: path)
        return aside
    }

    /// `20250102T030405Z`: sortable, and free of characters awkward in file names.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime, .withTimeZone]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
