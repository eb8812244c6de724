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

extension SQLiteConnection {
    /// The name of the VFS this connection opened its database through
    /// (`SQLITE_FCNTL_VFS_POINTER`, https://www.sqlite.org/c3ref/c_fcntl_begin_atomic_write.html):
    /// `WALCoalescingVFS.name` for the writer, the default VFS's name otherwise. Nil once closed.
    var vfsName: String? {
        checkQueue()
        guard let handle else { return nil }
        var vfs: UnsafeMutablePointer<sqlite3_vfs>?
        guard sqlite3_file_control(handle, "main", SQLITE_FCNTL_VFS_POINTER, &vfs) == SQLITE_OK,
            let name = vfs?.pointee.zName
        else { return nil }
        return String(cString: name)
    }
}
