import Dispatch
import Foundation
internal import CSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// Consistent copies of a live Roster database, made with SQLite's online backup API
/// (https://www.sqlite.org/backup.html) — never by copying the file, which can capture a
/// half-written transaction or miss commits still in the `-wal` file
/// (https://www.sqlite.org/howtocorrupt.html §1.2, hardening.md §1.5).
///
/// The copy runs as one `sqlite3_backup_step(-1)` inside a single read transaction on the source,
/// so it is a snapshot of exactly the commits made before it started; in WAL mode that read does
/// not block `serve`'s writer (https://www.sqlite.org/wal.html §"Concurrency"). The result is a
/// single self-contained file (rollback-journal mode, no `-wal`), written under a temporary name,
/// checked with `PRAGMA integrity_check`, synced, and only then given its final name.
public enum DatabaseBackup {
    /// What a finished backup holds.
    public struct Summary: Sendable, Equatable {
        /// Where the backup was written.
        public let path: String
        /// Its size in bytes.
        public let bytes: Int
        /// Its schema (the source's).
        public let schema: SchemaStatus
    }

    /// Backs up the database at `source` into a new file at `destination`, from another process
    /// than `serve` (the CLI). Safe while `serve` writes to `source`.
    /// - Parameter overwrite: Replace `destination` if it exists; otherwise an existing file is
    ///   refused (``BackupError/destinationExists(path:)``), atomically (`link(2)` fails with
    ///   `EEXIST` rather than replacing).
    public static func backup(databaseAt source: String, to destination: String, overwrite: Bool) async throws
        -> Summary
    {
        try await offThePool {
            guard FileManager.default.fileExists(atPath: source) else { throw BackupError.missing(path: source) }
            try refuseSameFile(source, destination)
            if !overwrite, FileManager.default.fileExists(atPath: destination) {
                throw BackupError.destinationExists(path: destination)
            }
            // Read-write (not SQLITE_OPEN_READONLY) so the WAL index in `-shm` is used normally;
            // query_only guarantees this connection never writes (as ReaderPool's readers).
            let connection = try sqlite(source) { try SQLiteConnection(path: source, create: false) }
            defer { try? connection.close() }
            try sqlite(source) { try connection.execute("PRAGMA query_only = ON") }
            return try copy(from: connection, sourcePath: source, to: destination, overwrite: overwrite)
        }
    }

    /// Checks a file before it is trusted (by `restore`, or an operator): it opens read-only,
    /// passes `PRAGMA integrity_check`, is a Roster database, and its schema is not newer than
    /// this build's.
    public static func verify(backupAt path: String) async throws -> SchemaStatus {
        try await offThePool {
            guard FileManager.default.fileExists(atPath: path) else { throw BackupError.missing(path: path) }
            let connection = try sqlite(path) { try SQLiteConnection(path: path, create: false, readOnly: true) }
            defer { try? connection.close() }
            return try check(connection, path: path)
        }
    }

    /// The schema status of the database at `path`, read without migrating or writing anything.
    public static func schemaStatus(ofDatabaseAt path: String) async throws -> SchemaStatus {
        try await offThePool {
            guard FileManager.default.fileExists(atPath: path) else { throw BackupError.missing(path: path) }
            let connection = try sqlite(path) { try SQLiteConnection(path: path, create: false, readOnly: true) }
            defer { try? connection.close() }
            return try sqlite(path) { try SchemaStatus.read(connection) }
        }
    }

    /// Integrity, Roster-ness and schema checks on an open connection.
    static func check(_ connection: SQLiteConnection, path: String) throws -> SchemaStatus {
        let problems = try sqlite(path) { try Database.checkResult(connection.query("PRAGMA integrity_check")) }
        guard problems.isEmpty else { throw BackupError.failedIntegrityCheck(path: path, problems: problems) }
        let status = try sqlite(path) { try SchemaStatus.read(connection) }
        guard status.isRosterDatabase else { throw BackupError.notRosterDatabase(path: path) }
        guard !status.isNewer else {
            throw BackupError.newerSchema(path: path, applied: status.version, known: SchemaStatus.latestVersion)
        }
        return status
    }

    /// Copies the database behind `source` into `destination` with the backup API, verifies the
    /// copy and moves it into place. Runs synchronously on the caller's thread, which must own
    /// `source` (a serial connection's queue or a private thread).
    static func copy(
        from source: SQLiteConnection, sourcePath: String, to destination: String, overwrite: Bool
    ) throws -> Summary {
        let temporary = "\(destination).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer {
            // Nothing of a failed copy is left behind; after success the name is already gone.
            unlink(temporary)
            unlink(temporary + "-journal")
        }
        let status: SchemaStatus
        do {
            let target = try sqlite(destination) { try SQLiteConnection(path: temporary, create: true) }
            defer { try? target.close() }
            try runBackup(from: source, sourcePath: sourcePath, into: target, destination: destination)
            // The pages copied include the source header, which says WAL; a backup is easier to
            // move around as one file, and `Database.open` switches back to WAL on restore.
            _ = try sqlite(destination) { try target.pragma("journal_mode = DELETE") }
            status = try check(target, path: destination)
            try sqlite(destination) { try target.close() }
        }
        try syncFile(temporary)
        if overwrite {
            guard rename(temporary, destination) == 0 else { throw fileSystemError("rename to", destination) }
        } else {
            guard link(temporary, destination) == 0 else {
                if errno == EEXIST { throw BackupError.destinationExists(path: destination) }
                throw fileSystemError("link to", destination)
            }
        }
        try syncDirectory(of: destination)
        let size = ((try? FileManager.default.attributesOfItem(atPath: destination))?[.size] as? Int) ?? 0
        return Summary(path: destination, bytes: size, schema: status)
    }

    /// `sqlite3_backup_init` / `step(-1)` / `finish` (https://www.sqlite.org/c3ref/backup_finish.html).
    /// `step` may report `SQLITE_BUSY` or `SQLITE_LOCKED` when it cannot get a read lock at once;
    /// it is retried a bounded number of times.
    private static func runBackup(
        from source: SQLiteConnection, sourcePath: String, into target: SQLiteConnection, destination: String
    ) throws {
        let sourceHandle = try sqlite(sourcePath) { try source.liveHandle() }
        let targetHandle = try sqlite(destination) { try target.liveHandle() }
        guard let backup = sqlite3_backup_init(targetHandle, "main", sourceHandle, "main") else {
            throw BackupError.sqlite(path: destination, message: String(cString: sqlite3_errmsg(targetHandle)))
        }
        var status: Int32
        var attempts = 0
        repeat {
            status = sqlite3_backup_step(backup, -1)
            if status == SQLITE_BUSY || status == SQLITE_LOCKED {
                attempts += 1
                sqlite3_sleep(50)
            }
        } while (status == SQLITE_OK || status == SQLITE_BUSY || status == SQLITE_LOCKED) && attempts < 200
        let finish = sqlite3_backup_finish(backup)
        guard status == SQLITE_DONE, finish == SQLITE_OK else {
            let code = status == SQLITE_DONE ? finish : status
            throw BackupError.sqlite(
                path: sourcePath,
                message: "online backup failed: \(String(cString: sqlite3_errstr(code))) (SQLite code \(code))")
        }
    }

    /// Refuses a backup or restore whose two paths name one file.
    static func refuseSameFile(_ first: String, _ second: String) throws {
        let a = URL(fileURLWithPath: first).standardizedFileURL.resolvingSymlinksInPath().path
        let b = URL(fileURLWithPath: second).standardizedFileURL.resolvingSymlinksInPath().path
        if a == b { throw BackupError.sameFile(path: first) }
    }

    /// Runs SQLite work, turning ``SQLiteError`` into ``BackupError/sqlite(path:message:)``.
    static func sqlite<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            if error.isCorruption { throw BackupError.failedIntegrityCheck(path: path, problems: [error.message]) }
            throw BackupError.sqlite(path: path, message: error.description)
        }
    }

    /// `fsync(2)` on a file, so its content is on disk before it gets its final name.
    static func syncFile(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw fileSystemError("open", path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw fileSystemError("fsync", path) }
    }

    /// `fsync(2)` on the directory holding `path`, so a rename or link in it is durable
    /// (rename(2) is atomic but not durable until the directory is synced).
    static func syncDirectory(of path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw fileSystemError("open directory", directory) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw fileSystemError("fsync directory", directory) }
    }

    /// A ``BackupError/fileSystem(operation:path:reason:)`` with the current `errno`.
    static func fileSystemError(_ operation: String, _ path: String) -> BackupError {
        .fileSystem(operation: operation, path: path, reason: String(cString: strerror(errno)))
    }

    /// Runs blocking SQLite and file work on a Dispatch thread, never on a thread of Swift's
    /// cooperative pool (style.md §8.7).
    static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try body() }) }
        }
    }
}
