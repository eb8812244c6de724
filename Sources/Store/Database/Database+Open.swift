import Foundation

extension Database {
    /// Opens the database at `path`, creating it if missing, then configures and verifies the
    /// pragmas (WAL, `synchronous=FULL`, `foreign_keys=ON`, busy timeout), optionally runs
    /// `PRAGMA quick_check`, applies pending migrations and opens `readers` read connections.
    ///
    /// - Parameters:
    ///   - path: The database file. Its directory must exist.
    ///   - readers: Size of the read pool (at least 1).
    ///   - checkIntegrity: Run `PRAGMA quick_check` before migrating, so a damaged file is refused
    ///     at start-up rather than failing later mid-request (issue 2 "Store"). O(N) in the file
    ///     size but without index cross-checks (https://www.sqlite.org/pragma.html#pragma_quick_check).
    /// - Throws: ``StoreError/unreadable(path:reason:)`` if the file cannot be opened (a directory,
    ///   a missing parent, permissions); ``StoreError/corrupt(path:details:)`` if it is not a database
    ///   or is damaged; ``StoreError/newerSchema(found:supported:)`` if a newer Roster migrated it.
    public static func open(at path: String, readers: Int = 4, checkIntegrity: Bool = true) async throws -> Database {
        precondition(readers >= 1, "a database needs at least one reader")
        try preflight(path)
        let writer = SerialConnection(label: "roster.sqlite.writer")
        do {
            try await mapOpening(path) {
                try await writer.open {
                    let connection = try SQLiteConnection(path: path, create: true, coalescingWALWrites: true)
                    try connection.configureForWriting()
                    return connection
                }
                try await writer.perform { connection in
                    if checkIntegrity {
                        let problems = try Database.checkResult(connection.query("PRAGMA quick_check"))
                        if !problems.isEmpty {
                            throw StoreError.corrupt(path: path, details: problems.prefix(5).joined(separator: "; "))
                        }
                    }
                    try Migrator(migrations: Migration.all).migrate(connection)
                }
            }
        } catch {
            await writer.close()
            throw error
        }

        var pool: [SerialConnection] = []
        do {
            for index in 0..<readers {
                let reader = SerialConnection(label: "roster.sqlite.reader.\(index)")
                pool.append(reader)
                try await mapOpening(path) {
                    try await reader.open {
                        // Readers are opened read-write (not SQLITE_OPEN_READONLY) so they can use
                        // the WAL index in the -shm file normally, and made `query_only` instead
                        // (https://www.sqlite.org/wal.html §"Read-Only Databases").
                        let connection = try SQLiteConnection(path: path, create: false)
                        try connection.configureForReading()
                        return connection
                    }
                }
            }
        } catch {
            for reader in pool { await reader.close() }
            await writer.close()
            throw error
        }
        let checkpointer: Checkpointer
        do {
            checkpointer = try await mapOpening(path) { try await Checkpointer.start(path: path) }
        } catch {
            for reader in pool { await reader.close() }
            await writer.close()
            throw error
        }
        // The WAL index is found by the name SQLite resolved (symbolic links followed), never by
        // appending `-shm` to the path as given: a symlinked database path would otherwise point
        // at a file SQLite never writes.
        let resolved = try? await writer.perform { $0.resolvedFilename }
        return Database(
            path: path, writer: writer, readers: ReaderPool(readers: pool), checkpointer: checkpointer,
            resolvedFilename: resolved ?? nil)
    }

    /// Rows of `PRAGMA quick_check` / `integrity_check` as problems: a single `ok` row means none.
    static func checkResult(_ rows: [Row]) throws -> [String] {
        let lines = try rows.map { row -> String in try row.value(at: 0) }
        return lines == ["ok"] ? [] : lines
    }

    /// Refuses paths SQLite would report confusingly: a directory yields a bare
    /// "unable to open database file".
    private static func preflight(_ path: String) throws {
        guard !path.isEmpty, path != ":memory:" else {
            throw StoreError.unreadable(path: path, reason: "a file path is required (WAL needs a file)")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw StoreError.unreadable(path: path, reason: "it is a directory, not a database file")
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, !FileManager.default.fileExists(atPath: parent) {
            throw StoreError.unreadable(path: path, reason: "directory \(parent) does not exist")
        }
    }

    /// Maps SQLite failures at open time to ``StoreError/corrupt(path:details:)`` or
    /// ``StoreError/unreadable(path:reason:)``.
    private static func mapOpening<T>(_ path: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SQLiteError {
            throw StoreError.opening(path, error)
        }
    }
}
