#if canImport(Glibc)
    import Glibc
#endif

/// Which commit the database is at, as the WAL index publishes it to every reader: equal stamps
/// taken at two moments mean nothing at all was committed in between, by any connection of any
/// process (the `roster` CLI included).
///
/// Why that holds (https://www.sqlite.org/walformat.html §2.2.1 "The WAL-Index Header"): a WAL
/// reader learns about commits only from the 48-byte header at the start of the `-shm` file, and
/// every transaction that commits rewrites it: `iChange` is incremented "with each transaction"
/// and `mxFrame` moves to the new last frame; a WAL reset after a checkpoint changes the salts.
/// So a stamp taken *before* a read transaction begins is an older-or-equal label for the
/// snapshot that transaction reads: if the stamp is still current later, that snapshot is still
/// the latest state, and anything derived from it may be served without reading it again.
///
/// Compared as the whole header, so any field that changes counts. Callers also bound how long
/// they trust an equal stamp (the platform API's `AccessAnswerCache` drops everything after a
/// minute), which keeps the 32-bit `iChange` from wrapping around to an old value while trusted.
public struct CommitStamp: Equatable, Sendable {
    /// The header's 48 bytes as six words.
    let words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// A stamp from the header's words (tests build distinct stamps with it).
    init(words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    /// Equal headers (tuples are not `Equatable`, so the words are compared one by one).
    public static func == (a: CommitStamp, b: CommitStamp) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
            && a.words.4 == b.words.4 && a.words.5 == b.words.5
    }
}

/// Reads the WAL-index header of a database in WAL mode from its `<path>-shm` file.
///
/// With `pread`, not `mmap`: a mapping would turn a truncated `-shm` file into SIGBUS, while a
/// short read just means "unknown". The file is the one SQLite itself maps shared; on Linux
/// `pread` sees the same page-cache pages, so it reads what SQLite's readers read. The call
/// never waits for the disk (SQLite's own mapping keeps the page resident) or for a lock, so it
/// may run on the event loop.
///
/// `Sendable` without `@unchecked`: the descriptor is immutable, and `pread` at an explicit offset
/// shares no file position between threads.
final class WALIndexHeaderReader: Sendable {
    /// The `-shm` file, read-only.
    private let descriptor: Int32

    /// Opens `<databasePath>-shm`; nil when it cannot be opened (no WAL index yet).
    init?(databasePath: String) {
        let descriptor = open(databasePath + "-shm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The current stamp, or nil when the header cannot be trusted right now: the file is too
    /// short, the index is not initialised, or a writer is halfway through updating it (SQLite
    /// keeps two copies and writes the second first; a reader that finds them different must
    /// not use either, walformat.html §2.2.1).
    func stamp() -> CommitStamp? {
        var header = (
            UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
            UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0)
        )
        let count = withUnsafeMutableBytes(of: &header) { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count == MemoryLayout.size(ofValue: header) else { return nil }
        let first = CommitStamp(words: (header.0, header.1, header.2, header.3, header.4, header.5))
        let second = CommitStamp(words: (header.6, header.7, header.8, header.9, header.10, header.11))
        // `isInit` is the byte at offset 12: bits 32–39 of the second word. The index is in native
        // byte order, and Roster runs on little-endian Linux (x86-64, arm64).
        let isInitialised = (header.1 >> 32) & 0xff == 1
        guard first == second, isInitialised else { return nil }
        return first
    }
}
