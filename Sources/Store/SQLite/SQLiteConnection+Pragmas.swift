extension SQLiteConnection {
    /// The single value a `PRAGMA` statement returns, if any (https://www.sqlite.org/pragma.html).
    public func pragma(_ statement: String) throws(SQLiteError) -> SQLiteValue? {
        try queryFirst("PRAGMA \(statement)")?.values.first
    }

    /// Configures the writer connection for durability and integrity, verifying each setting:
    ///
    /// - `journal_mode=WAL`: readers never block the writer nor the writer readers
    ///   (https://www.sqlite.org/wal.html). The pragma returns the mode actually in effect, which
    ///   can differ (e.g. `memory`, or a filesystem without shared memory), so it is **verified**
    ///   and anything else is refused.
    /// - `synchronous=FULL`: in WAL mode NORMAL may lose the last commits on power loss; FULL syncs
    ///   the WAL on every commit so an acknowledged write survives it
    ///   (https://www.sqlite.org/pragma.html#pragma_synchronous, hardening.md §1.5).
    /// - `foreign_keys=ON`: off by default for compatibility
    ///   (https://www.sqlite.org/foreignkeys.html §2); verified because builds can omit it.
    /// - `cache_size`: 16 MB instead of 2 MB (see ``configureForReading()``).
    /// - `temp_store=MEMORY`: group commit runs each write in its own `SAVEPOINT`, and SQLite keeps
    ///   the original of every page a savepoint changes in a sub-journal, a temporary *file* once
    ///   it passes 64 KiB (https://www.sqlite.org/tempfiles.html §2.5, "Statement Journal Files").
    ///   Measured: about 20 `pwrite`s of that file per SCIM create, more than the WAL itself got.
    ///   In memory it costs nothing to durability (it only serves `ROLLBACK TO`) and is bounded
    ///   by the pages one batch touches.
    func configureForWriting() throws(SQLiteError) {
        let mode = try pragma("journal_mode = WAL")
        guard case .text(let text) = mode, text.lowercased() == "wal" else {
            throw .misuse("journal_mode=WAL was refused (got \(mode?.textDescription ?? "nothing")); Roster needs WAL")
        }
        try configureCommon()
        try execute("PRAGMA temp_store = MEMORY")
        // A larger page cache than the 2 MB default: every write reads the unique indexes it
        // checks and the B-tree pages it inserts into (see ``configureForReading()``).
        try execute("PRAGMA cache_size = -\(Self.writerCacheKiB)")
        guard try pragma("temp_store") == .integer(2) else { throw .misuse("temp_store=MEMORY was refused") }
        // Checkpoints normally run on the Checkpointer's connection; this larger automatic
        // threshold (about 32 MB of WAL) is only a safety net should that stop.
        try execute("PRAGMA wal_autocheckpoint = 8000")
    }

    /// Configures the background checkpoint connection: no automatic checkpoints of its own.
    func configureForCheckpointing() throws(SQLiteError) {
        try configureCommon()
        try execute("PRAGMA wal_autocheckpoint = 0")
    }

    /// Configures a pool reader: the same integrity settings plus `query_only`, so a bug can never
    /// write through a reader (https://www.sqlite.org/pragma.html#pragma_query_only).
    ///
    /// Each reader also keeps a larger page cache than SQLite's 2 MB default
    /// (https://www.sqlite.org/pragma.html#pragma_cache_size): every request reads the token
    /// and the indexes of its lookup, and with a database of a hundred thousand users the
    /// default cache misses on most of those pages, turning each read into several `pread`s.
    func configureForReading() throws(SQLiteError) {
        try configureCommon()
        try execute("PRAGMA cache_size = -\(Self.readerCacheKiB)")
        try execute("PRAGMA query_only = ON")
        guard try pragma("query_only") == .integer(1) else { throw .misuse("query_only could not be enabled") }
    }

    /// The page cache of each pool reader, in KiB (negative `cache_size` means KiB).
    static let readerCacheKiB = 8 * 1024
    /// The writer's page cache, in KiB.
    static let writerCacheKiB = 16 * 1024

    private func configureCommon() throws(SQLiteError) {
        try execute("PRAGMA synchronous = FULL")
        guard try pragma("synchronous") == .integer(2) else {
            throw .misuse("synchronous=FULL could not be set")
        }
        try execute("PRAGMA foreign_keys = ON")
        guard try pragma("foreign_keys") == .integer(1) else {
            throw .misuse("foreign_keys=ON could not be enabled (SQLite built without foreign keys?)")
        }
    }
}

extension SQLiteValue {
    /// A short rendering for configuration values in error messages (never used for user data).
    fileprivate var textDescription: String {
        switch self {
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let value): "'\(value)'"
        case .blob: "a blob"
        case .null: "NULL"
        }
    }
}
