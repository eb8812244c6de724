internal import CSQLite

extension SQLiteConnection {
    /// Runs `body` in a write transaction: `BEGIN IMMEDIATE` … `COMMIT`.
    ///
    /// IMMEDIATE takes the write lock up front, so a transaction that reads and then writes cannot
    /// fail with `SQLITE_BUSY` halfway through, which a deferred one can despite the busy timeout
    /// (https://www.sqlite.org/lang_transaction.html, hardening.md §1.5).
    ///
    /// If `body` or `COMMIT` throws, the transaction is rolled back and the **first** error is
    /// rethrown. Nesting is refused: SQLite has no nested `BEGIN` (use a SAVEPOINT instead).
    public func write<T>(_ body: () throws -> T) throws -> T {
        try transaction("BEGIN IMMEDIATE", body)
    }

    /// Runs `body` in a deferred transaction, so all its reads see one consistent snapshot
    /// (in WAL mode, readers never block the writer: https://www.sqlite.org/wal.html).
    public func read<T>(_ body: () throws -> T) throws -> T {
        try transaction("BEGIN DEFERRED", body)
    }

    private func transaction<T>(_ begin: String, _ body: () throws -> T) throws -> T {
        guard !isInTransaction else {
            throw SQLiteError.misuse("cannot begin a transaction inside another transaction", sql: begin)
        }
        try execute(begin)
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // On SQLITE_FULL, IOERR, NOMEM, BUSY or INTERRUPT SQLite may already have rolled the
            // transaction back by itself; a second ROLLBACK would then fail, so check first
            // (https://www.sqlite.org/c3ref/get_autocommit.html,
            // https://www.sqlite.org/lang_transaction.html "Response To Errors Within A Transaction").
            // A ROLLBACK failure is ignored: the first error is the one worth reporting.
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }
}
