internal import CSQLite
import Glibc

/// A SQLite VFS that hands every call to the default (`unix`) VFS, except that it gathers the
/// writes to a write-ahead log into one buffer and issues them as one `pwrite` per commit.
///
/// Why: SQLite appends each WAL frame with two `pwrite`s, the 24-byte frame header and then the
/// page (https://www.sqlite.org/fileformat2.html#walformat, `walWriteOneFrame` in `wal.c`). A
/// 4,120-byte frame straddles two page-cache pages, so a SCIM group commit of about 37 frames
/// costs about 74 system calls and 110 page-cache updates before its `fdatasync`. Measured on this
/// machine (bench notes in BENCHMARKS.md, "Eighth round"): 74 `pwrite`s + `fdatasync` take about
/// 135 µs of CPU and 270 µs of wall time; the same bytes in one `pwrite` take 45 µs and 150 µs.
///
/// Only the writer connection opens the database through this VFS (``SQLiteConnection``'s
/// `coalescingWALWrites`); readers and the checkpointer use the default VFS. What the buffer
/// changes, and why durability and visibility are the same as without it, is documented on
/// ``WALCoalescingFile``.
///
/// The VFS is a copy of the default VFS's method table (the usual "shim" construction,
/// https://www.sqlite.org/vfs.html §3) with a larger `szOsFile`, its own name and its own `xOpen`;
/// every other method is the default VFS's own function, called with the default VFS's
/// `pAppData`, which the copy keeps.
enum WALCoalescingVFS {
    /// The name the VFS is registered under (https://www.sqlite.org/c3ref/vfs_find.html).
    static let name = "roster-wal-coalescing"

    /// Registers the VFS once per process and returns its name, or nil when SQLite has no default
    /// VFS to wrap (then the caller opens with the default VFS, which is only slower).
    static var registeredName: String? { registration }

    /// The default VFS this one wraps, captured at registration.
    ///
    /// `nonisolated(unsafe)`: written once inside the `registration` initialiser (which Swift runs
    /// exactly once, under its own lock) before the VFS becomes findable, and only read afterwards.
    nonisolated(unsafe) private(set) static var base: UnsafeMutablePointer<sqlite3_vfs>?

    private static let registration: String? = {
        guard let defaultVFS = sqlite3_vfs_find(nil) else { return nil }
        base = defaultVFS
        // Never freed: SQLite keeps a pointer to a registered VFS for the life of the process.
        let vfs = UnsafeMutablePointer<sqlite3_vfs>.allocate(capacity: 1)
        vfs.initialize(to: defaultVFS.pointee)
        vfs.pointee.pNext = nil
        vfs.pointee.zName = UnsafePointer(strdup(name))
        vfs.pointee.szOsFile = Int32(WALCoalescingFile.realFileOffset) + defaultVFS.pointee.szOsFile
        vfs.pointee.xOpen = { _, fileName, file, flags, outFlags in
            WALCoalescingVFS.open(fileName: fileName, file: file, flags: flags, outFlags: outFlags)
        }
        guard sqlite3_vfs_register(vfs, 0) == SQLITE_OK else { return nil }
        return name
    }()

    /// `xOpen`: the WAL is wrapped in a ``WALCoalescingFile``; every other file (the database,
    /// temporary files) is the default VFS's own, opened straight into the memory SQLite provided.
    /// (The `-shm` WAL index is not opened through `xOpen`: the database file maps it.)
    private static func open(
        fileName: sqlite3_filename?, file: UnsafeMutablePointer<sqlite3_file>?, flags: Int32,
        outFlags: UnsafeMutablePointer<Int32>?
    ) -> Int32 {
        guard let base, let open = base.pointee.xOpen, let file else { return SQLITE_CANTOPEN }
        guard flags & SQLITE_OPEN_WAL != 0 else {
            return open(base, fileName, file, flags, outFlags)
        }
        let real = WALCoalescingFile.realFile(of: file)
        real.pointee.pMethods = nil
        let status = open(base, fileName, real, flags, outFlags)
        guard status == SQLITE_OK else {
            // "If the xOpen method sets pMethods to a non-NULL value, then xClose will be invoked
            // even if xOpen reported that it failed" (https://www.sqlite.org/c3ref/io_methods.html):
            // close the inner file here and leave ours without methods, so SQLite calls nothing.
            if let methods = real.pointee.pMethods { _ = methods.pointee.xClose?(real) }
            file.pointee.pMethods = nil
            return status
        }
        WALCoalescingFile.initialize(file)
        return SQLITE_OK
    }
}
