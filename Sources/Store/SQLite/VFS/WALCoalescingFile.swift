internal import CSQLite

/// An open write-ahead log as ``WALCoalescingVFS`` hands it to SQLite: the default VFS's file,
/// plus a buffer that turns consecutive appends into one `pwrite`.
///
/// The memory SQLite allocates for the file (`szOsFile` bytes) holds, in order, the
/// `sqlite3_file` header SQLite reads (`pMethods`), this file's ``State``, and the default VFS's
/// own file object, to which every call is passed on.
///
/// The rules, and why nothing changes for durability or for other connections:
/// - A write that continues the buffered bytes exactly is appended to the buffer; any other write
///   first flushes the buffer, so the file receives the same bytes at the same offsets in the same
///   order, only in fewer calls. A write larger than the buffer goes straight through.
/// - Every other operation that looks at or changes the file (`xRead`, `xSync`, `xTruncate`,
///   `xFileSize`, `xFileControl`, `xClose`) flushes first, so SQLite never observes a difference.
/// - `xSync` flushes before syncing: with `synchronous=FULL` SQLite syncs the WAL at the end of
///   every commit (https://www.sqlite.org/pragma.html#pragma_synchronous) and only afterwards
///   publishes the new frames in the shared WAL index, so other connections never read frames the
///   buffer still holds, and a commit is acknowledged only after its bytes reached the disk.
/// - As a second guard that does not depend on the sync setting, the buffer is also flushed right
///   after the page of a *commit frame* (a frame header whose "database size after commit" field
///   is non-zero, https://www.sqlite.org/fileformat2.html#walformat) is written: SQLite writes a
///   transaction's commit frame last, before it publishes the frames.
/// - A failed flush is reported by the call that triggered it, so SQLite fails that statement or
///   commit exactly as it would had the `pwrite` itself failed.
///
/// SQLite calls a file's methods from one connection at a time (the writer's serial queue), so the
/// state needs no lock.
enum WALCoalescingFile {
    /// Bytes gathered before a flush: 30 frames of 4 KiB pages.
    ///
    /// Below 128 KiB because the default VFS writes at most that much per call: its
    /// `seekAndWriteFd` masks the length with `0x1ffff` (SQLite itself never writes more at once),
    /// so a longer write would be cut short and reported as `SQLITE_FULL`.
    static let bufferCapacity = 124 * 1024

    /// The size of a WAL frame header (https://www.sqlite.org/fileformat2.html#walformat).
    static let frameHeaderSize: Int32 = 24

    /// Per-file state, stored in SQLite's file memory right after its `sqlite3_file` header.
    struct State {
        /// The gathered bytes; allocated on the first buffered write, freed on close.
        var buffer: UnsafeMutableRawPointer?
        /// The file offset of the first gathered byte.
        var start: sqlite3_int64
        /// How many bytes are gathered.
        var length: Int
        /// Set when a commit frame's header was written: flush once its page follows.
        var flushAfterNextWrite: Bool
    }

    /// Where ``State`` starts in the file memory.
    static let stateOffset = roundUp(MemoryLayout<sqlite3_file>.stride, to: MemoryLayout<State>.alignment)
    /// Where the default VFS's file object starts in the file memory (16-byte aligned, as
    /// SQLite's own allocations are).
    static let realFileOffset = roundUp(stateOffset + MemoryLayout<State>.stride, to: 16)

    /// The default VFS's file object inside `file`.
    static func realFile(of file: UnsafeMutablePointer<sqlite3_file>) -> UnsafeMutablePointer<sqlite3_file> {
        (UnsafeMutableRawPointer(file) + realFileOffset).assumingMemoryBound(to: sqlite3_file.self)
    }

    /// Installs this file's methods and an empty state, once the inner file is open.
    static func initialize(_ file: UnsafeMutablePointer<sqlite3_file>) {
        state(of: file).initialize(to: State(buffer: nil, start: 0, length: 0, flushAfterNextWrite: false))
        file.pointee.pMethods = UnsafePointer(methods)
    }

    private static func roundUp(_ value: Int, to alignment: Int) -> Int {
        (value + alignment - 1) / alignment * alignment
    }

    private static func state(of file: UnsafeMutablePointer<sqlite3_file>) -> UnsafeMutablePointer<State> {
        (UnsafeMutableRawPointer(file) + stateOffset).assumingMemoryBound(to: State.self)
    }

    /// The inner file and its methods. SQLite never calls a method of a file whose open failed,
    /// and the default VFS defines every version-1 method, hence the forced unwraps at call sites.
    private static func inner(_ file: UnsafeMutablePointer<sqlite3_file>) -> (UnsafeMutablePointer<sqlite3_file>, sqlite3_io_methods) {
        let real = realFile(of: file)
        return (real, real.pointee.pMethods.pointee)
    }

    /// Writes the gathered bytes to the inner file and empties the buffer, whatever the outcome:
    /// bytes whose write failed are reported once, by this call, like a failed `pwrite`.
    private static func flush(_ file: UnsafeMutablePointer<sqlite3_file>) -> Int32 {
        let state = state(of: file)
        guard state.pointee.length > 0, let buffer = state.pointee.buffer else { return SQLITE_OK }
        let (real, methods) = inner(file)
        let length = state.pointee.length
        state.pointee.length = 0
        return methods.xWrite!(real, buffer, Int32(length), state.pointee.start)
    }

    /// `xWrite`: appends to the buffer when the write continues it, otherwise flushes first.
    private static func write(
        _ file: UnsafeMutablePointer<sqlite3_file>, _ bytes: UnsafeRawPointer, _ count: Int32, _ offset: sqlite3_int64
    ) -> Int32 {
        let state = state(of: file)
        let isCommitHeader = count == frameHeaderSize && commitSize(ofFrameHeader: bytes) != 0
        let continues = state.pointee.length > 0 && offset == state.pointee.start + sqlite3_int64(state.pointee.length)
        if !continues || state.pointee.length + Int(count) > bufferCapacity {
            let status = flush(file)
            guard status == SQLITE_OK else { return status }
        }
        var status = SQLITE_OK
        if Int(count) > bufferCapacity {
            let (real, methods) = inner(file)
            status = methods.xWrite!(real, bytes, count, offset)
        } else {
            if state.pointee.buffer == nil {
                state.pointee.buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferCapacity, alignment: 16)
            }
            if state.pointee.length == 0 { state.pointee.start = offset }
            (state.pointee.buffer! + state.pointee.length).copyMemory(from: bytes, byteCount: Int(count))
            state.pointee.length += Int(count)
        }
        if state.pointee.flushAfterNextWrite {
            state.pointee.flushAfterNextWrite = false
            if status == SQLITE_OK { status = flush(file) }
        }
        if isCommitHeader { state.pointee.flushAfterNextWrite = true }
        return status
    }

    /// The big-endian "database size in pages after commit" of a frame header; 0 for frames that
    /// do not end a transaction.
    private static func commitSize(ofFrameHeader header: UnsafeRawPointer) -> UInt32 {
        (4..<8).reduce(0) { $0 << 8 | UInt32(header.load(fromByteOffset: $1, as: UInt8.self)) }
    }

    /// `xClose`: flushes, closes the inner file and frees the buffer.
    private static func close(_ file: UnsafeMutablePointer<sqlite3_file>) -> Int32 {
        let flushed = flush(file)
        let (real, methods) = inner(file)
        let closed = methods.xClose!(real)
        let state = state(of: file)
        state.pointee.buffer?.deallocate()
        state.deinitialize(count: 1)
        return flushed != SQLITE_OK ? flushed : closed
    }

    /// Runs `body` on the inner file after a successful flush.
    private static func flushed(
        _ file: UnsafeMutablePointer<sqlite3_file>?, _ body: (UnsafeMutablePointer<sqlite3_file>, sqlite3_io_methods) -> Int32
    ) -> Int32 {
        guard let file else { return SQLITE_MISUSE }
        let status = flush(file)
        guard status == SQLITE_OK else { return status }
        let (real, methods) = inner(file)
        return body(real, methods)
    }

    /// The method table (version 1: a WAL file has no shared memory and is never memory-mapped,
    /// https://www.sqlite.org/c3ref/io_methods.html). Never freed.
    ///
    /// `nonisolated(unsafe)`: initialised once by Swift's lazy static initialisation and never
    /// written afterwards; SQLite only reads it.
    nonisolated(unsafe) private static let methods: UnsafeMutablePointer<sqlite3_io_methods> = {
        let table = UnsafeMutablePointer<sqlite3_io_methods>.allocate(capacity: 1)
        table.initialize(to: sqlite3_io_methods())
        table.pointee.iVersion = 1
        table.pointee.xClose = { file in file.map(WALCoalescingFile.close) ?? SQLITE_MISUSE }
        table.pointee.xRead = { file, bytes, count, offset in
            WALCoalescingFile.flushed(file) { real, methods in methods.xRead!(real, bytes, count, offset) }
        }
        table.pointee.xWrite = { file, bytes, count, offset in
            guard let file, let bytes else { return SQLITE_MISUSE }
            return WALCoalescingFile.write(file, bytes, count, offset)
        }
        table.pointee.xTruncate = { file, size in
            WALCoalescingFile.flushed(file) { real, methods in methods.xTruncate!(real, size) }
        }
        table.pointee.xSync = { file, flags in
            WALCoalescingFile.flushed(file) { real, methods in methods.xSync!(real, flags) }
        }
        table.pointee.xFileSize = { file, size in
            WALCoalescingFile.flushed(file) { real, methods in methods.xFileSize!(real, size) }
        }
        table.pointee.xLock = { file, lock in
            guard let file else { return SQLITE_MISUSE }
            let (real, methods) = WALCoalescingFile.inner(file)
            return methods.xLock!(real, lock)
        }
        table.pointee.xUnlock = { file, lock in
            guard let file else { return SQLITE_MISUSE }
            let (real, methods) = WALCoalescingFile.inner(file)
            return methods.xUnlock!(real, lock)
        }
        table.pointee.xCheckReservedLock = { file, result in
            guard let file else { return SQLITE_MISUSE }
            let (real, methods) = WALCoalescingFile.inner(file)
            return methods.xCheckReservedLock!(real, result)
        }
        table.pointee.xFileControl = { file, operation, argument in
            WALCoalescingFile.flushed(file) { real, methods in methods.xFileControl!(real, operation, argument) }
        }
        table.pointee.xSectorSize = { file in
            guard let file else { return 0 }
            let (real, methods) = WALCoalescingFile.inner(file)
            return methods.xSectorSize!(real)
        }
        table.pointee.xDeviceCharacteristics = { file in
            guard let file else { return 0 }
            let (real, methods) = WALCoalescingFile.inner(file)
            return methods.xDeviceCharacteristics!(real)
        }
        return table
    }()
}
