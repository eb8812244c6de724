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
        try transaction("BEGIN IMMEDIATE", writes: true, body)
    }

    /// Runs `body` in a deferred transaction, so all its reads see one consistent snapshot
    /// (in WAL mode, readers never block the writer: https://www.sqlite.org/wal.html).
    public func read<T>(_ body: () throws -> T) throws -> T {
        try transaction("BEGIN DEFERRED", writes: false, body)
    }

    /// Commits the open transaction (`COMMIT`).
    ///
    /// Tokens this connection verified under the data version the transaction ran in stay
    /// trusted under the version its own commit moves to (``VerifiedTokenMemo``): while the
    /// transaction held the write lock no other connection could commit, and any change this
    /// transaction made to `tokens` emptied the memo as it was made
    /// (``forgetVerifiedTokensOnTokenWrites()``); so `tokens` is exactly what those entries were
    /// read from. Without this, the first write of every group commit would read its token again
    /// although nothing but the group's own rows changed. A commit by another connection still
    /// moves the version again when this connection next begins, which makes the entries stale.
    func commit() throws(SQLiteError) {
        let versionBefore = dataVersion
        try execute("COMMIT")
        if let versionBefore, let versionAfter = dataVersion, versionAfter != versionBefore {
            verifiedTokens.relabel(from: versionBefore, to: versionAfter)
        }
    }

    /// `writes`: a write transaction, which ends with ``commit()``; a read only needs `COMMIT`.
    private func transaction<T>(_ begin: String, writes: Bool, _ body: () throws -> T) throws -> T {
        guard !isInTransaction else {
            throw SQLiteError.misuse("cannot begin a transaction inside another transaction", sql: begin)
        }
        try execute(begin)
        do {
            let result = try body()
            if writes { try commit() } else { try execute("COMMIT") }
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
