internal import CSQLite

extension SQLiteConnection {
    /// The main database's file name as SQLite resolved it when opening
    /// (`sqlite3_db_filename`, https://www.sqlite.org/c3ref/db_filename.html): the absolute path,
    /// symbolic links followed, that SQLite itself appends `-wal` and `-shm` to. Nil if the
    /// connection is closed or the database is temporary or in memory.
    public var resolvedFilename: String? {
        checkQueue()
        guard let handle, let name = sqlite3_db_filename(handle, "main"), name.pointee != 0 else { return nil }
        return String(cString: name)
    }
}
