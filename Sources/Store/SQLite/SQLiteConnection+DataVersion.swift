internal import CSQLite

extension SQLiteConnection {
    /// The pager's data version of the main database (`SQLITE_FCNTL_DATA_VERSION`,
    /// https://www.sqlite.org/c3ref/c_fcntl_begin_atomic_write.html#sqlitefcntldataversion): it
    /// changes whenever the database changes, through this connection or through a transaction
    /// committed by any other connection, in this process or another. A plain C call, no statement.
    ///
    /// SQLite refreshes it when a read transaction starts (it compares the WAL header it last saw),
    /// so it describes this connection's current snapshot only while ``holdsReadSnapshot``; between
    /// transactions it may still show an older one. Nil if the connection is closed.
    public var dataVersion: UInt32? {
        checkQueue()
        guard let handle else { return nil }
        var version: UInt32 = 0
        guard sqlite3_file_control(handle, "main", SQLITE_FCNTL_DATA_VERSION, &version) == SQLITE_OK else {
            return nil
        }
        return version
    }

    /// Whether the connection holds a read (or write) transaction on the main database right now
    /// (`sqlite3_txn_state`, https://www.sqlite.org/c3ref/txn_state.html). A deferred `BEGIN` takes
    /// no snapshot by itself: the first statement that reads a table does.
    public var holdsReadSnapshot: Bool {
        checkQueue()
        guard let handle else { return false }
        return sqlite3_txn_state(handle, "main") >= SQLITE_TXN_READ
    }
}
