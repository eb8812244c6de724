import Dispatch
internal import CSQLite

/// One SQLite database connection: the owner of a raw `sqlite3*` handle and its statement cache.
///
/// Threading: opened with `SQLITE_OPEN_NOMUTEX` (multi-thread mode,
/// https://www.sqlite.org/threadsafe.html), so SQLite does no locking of its own and the caller
/// must never use one connection from two threads at once. ``Database`` guarantees that by
/// confining each connection to its own serial `DispatchQueue`; this type is therefore explicitly
/// **not** `Sendable`. In debug builds every entry point checks it runs on its owning queue.
///
/// Lifetime: call ``close()``. `deinit` closes a connection that was never closed
/// (`sqlite3_close_v2`), as a safety net only.
public final class SQLiteConnection {
    /// The database file path as given to ``init(path:create:readOnly:coalescingWALWrites:)``.
    public let path: String
    /// The raw handle; nil once closed.
    var handle: OpaquePointer?
    /// Prepared statements, keyed by SQL.
    let cache = StatementCache()
    /// The queue this connection is confined to, once handed to one; checked in debug builds.
    var owningQueue: DispatchQueue?
    /// Tokens verified on this connection, for ``Directory/readGuarded(digest:on:accepts:_:)``
    /// and ``Directory/activeTokenInWriteTransaction(digest:on:)``; confined to the connection's
    /// queue like everything else here, and emptied whenever this connection changes a row of
    /// `tokens` (``forgetVerifiedTokensOnTokenWrites()``).
    var verifiedTokens = VerifiedTokenMemo()

    /// Opens (and by default creates) the database at `path`.
    ///
    /// Uses `sqlite3_open_v2` with `SQLITE_OPEN_NOMUTEX` and `SQLITE_OPEN_EXRESCODE` so errors
    /// carry extended result codes (https://www.sqlite.org/c3ref/open.html), sets a bounded busy
    /// timeout and disables double-quoted string literals, a legacy misfeature
    /// (https://www.sqlite.org/quirks.html#dblquote).
    /// - Parameters:
    ///   - path: A file path, or `:memory:` for a private in-memory database.
    ///   - create: Create the file if it does not exist.
    ///   - readOnly: Open read-only.
    ///   - coalescingWALWrites: Open through ``WALCoalescingVFS``, which issues each commit's WAL
    ///     frames as one `pwrite` instead of two per frame; for the single writer connection.
    /// - Throws: ``SQLiteError`` (typically `SQLITE_CANTOPEN`) if the file cannot be opened.
    public init(path: String, create: Bool = true, readOnly: Bool = false, coalescingWALWrites: Bool = false) throws(SQLiteError) {
        self.path = path
        Self.processConfiguration
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        flags |= readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        var database: OpaquePointer?
        let vfs = coalescingWALWrites ? WALCoalescingVFS.registeredName : nil
        let status = sqlite3_open_v2(path, &database, flags, vfs)
        guard status == SQLITE_OK, let database else {
            // "Whether or not an error occurs when it is opened, resources associated with the
            // database connection handle should be released by passing it to sqlite3_close()"
            // (https://www.sqlite.org/c3ref/open.html).
            let message = database.map { String(cString: sqlite3_errmsg($0)) } ?? SQLiteError.name(of: status)
            let extended = database.map { sqlite3_extended_errcode($0) } ?? status
            sqlite3_close(database)
            throw SQLiteError(code: status, extendedCode: extended, message: message)
        }
        handle = database
        sqlite3_extended_result_codes(database, 1)
        // Bounded, never infinite: a stuck lock holder turns into SQLITE_BUSY after 5 s instead of
        // a hung request (https://www.sqlite.org/c3ref/busy_timeout.html).
        sqlite3_busy_timeout(database, Self.busyTimeoutMilliseconds)
        _ = roster_sqlite_db_config_int(database, SQLITE_DBCONFIG_DQS_DDL, 0, nil)
        _ = roster_sqlite_db_config_int(database, SQLITE_DBCONFIG_DQS_DML, 0, nil)
        // A larger lookaside pool (SQLite's default is 1200-byte slots × 40) keeps the small,
        // short-lived allocations of a write transaction (cursors, records, savepoints) out of
        // malloc (https://www.sqlite.org/malloc.html#lookaside). Set before any statement exists,
        // as SQLite requires; on failure SQLite keeps its default, which is only slower.
        _ = roster_sqlite_db_config_lookaside(database, Self.lookasideSlotSize, Self.lookasideSlotCount)
        forgetVerifiedTokensOnTokenWrites()
    }

    /// Lookaside slot size in bytes (SQLite's default).
    static let lookasideSlotSize: Int32 = 1200
    /// Lookaside slots per connection: 600 kB each for the writer and every reader.
    static let lookasideSlotCount: Int32 = 500

    /// Process-wide SQLite settings, applied once before the first connection opens (SQLite accepts
    /// `sqlite3_config` only before it initialises). Memory statistics are turned off: Roster never
    /// reads them, and with them on every `sqlite3_malloc` and `sqlite3_free` takes one global
    /// mutex shared by the writer and all readers
    /// (https://www.sqlite.org/c3ref/c_config_covering_index_scan.html#sqliteconfigmemstatus).
    /// If something in the process initialised SQLite first, the call fails with `SQLITE_MISUSE`
    /// and the statistics stay on, which changes speed only.
    private static let processConfiguration: Void = {
        _ = roster_sqlite_config_disable_memstatus()
    }()

    deinit {
        if let handle {
            cache.removeAll()
            sqlite3_close_v2(handle)
        }
    }

    /// How long a statement waits for another connection's lock before failing with `SQLITE_BUSY`.
    public static let busyTimeoutMilliseconds: Int32 = 5000

    /// Whether ``close()`` has been called.
    public var isClosed: Bool { handle == nil }

    /// Finalizes all cached statements and closes the handle. Closing twice is a no-op.
    /// - Throws: ``SQLiteError`` if SQLite refuses (e.g. a statement is still in use).
    public func close() throws(SQLiteError) {
        checkQueue()
        guard let handle else { return }
        cache.removeAll()
        let status = sqlite3_close(handle)
        guard status == SQLITE_OK else { throw lastError(status, sql: nil) }
        self.handle = nil
    }

    /// Runs one statement to completion with positional `arguments`, ignoring any result rows.
    public func execute(_ sql: String, _ arguments: any SQLiteValueConvertible...) throws(SQLiteError) {
        try execute(sql, arguments: arguments)
    }

    /// Runs one statement to completion with positional `arguments`, ignoring any result rows.
    public func execute(_ sql: String, arguments: [any SQLiteValueConvertible]) throws(SQLiteError) {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments.map(\.sqliteValue))
        try statement.run()
    }

    /// Runs one query and returns all of its rows.
    public func query(_ sql: String, _ arguments: any SQLiteValueConvertible...) throws(SQLiteError) -> [Row] {
        try query(sql, arguments: arguments)
    }

    /// Runs one query and returns all of its rows.
    public func query(_ sql: String, arguments: [any SQLiteValueConvertible]) throws(SQLiteError) -> [Row] {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments.map(\.sqliteValue))
        return try statement.rows()
    }

    /// Runs one query and calls `body` with each row as SQLite produces it, without collecting the
    /// rows: for results too large to hold as ``Row`` values (a connection's 100,000 users). The
    /// cursor must not escape `body`, and `body` must not run this same SQL (it would reset the
    /// statement being stepped); other queries are fine. An error thrown by `body` stops the query
    /// and is rethrown.
    public func forEachRow(
        _ sql: String, _ arguments: any SQLiteValueConvertible..., body: (RowCursor) throws -> Void
    ) throws {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments.map(\.sqliteValue))
        try statement.forEachRow(body)
    }

    /// Runs one query and returns its first row, or nil if it has none.
    public func queryFirst(_ sql: String, _ arguments: any SQLiteValueConvertible...) throws(SQLiteError) -> Row? {
        try query(sql, arguments: arguments).first
    }

    /// Runs one query and returns its first row, or nil if it has none.
    public func queryFirst(_ sql: String, arguments: [any SQLiteValueConvertible]) throws(SQLiteError) -> Row? {
        try query(sql, arguments: arguments).first
    }

    /// Runs a script of several statements without arguments (migrations). Statements of a script
    /// are compiled one at a time and not cached.
    public func executeScript(_ sql: String) throws(SQLiteError) {
        checkQueue()
        let database = try liveHandle()
        var remaining = Substring(sql)
        while !remaining.allSatisfy(\.isWhitespace) {
            var statementHandle: OpaquePointer?
            var consumed = 0
            let status = String(remaining).withCString { start in
                var tail: UnsafePointer<CChar>?
                let status = sqlite3_prepare_v2(database, start, -1, &statementHandle, &tail)
                if let tail { consumed = start.distance(to: tail) }
                return status
            }
            let text = String(decoding: remaining.utf8.prefix(consumed), as: UTF8.self)
            guard status == SQLITE_OK else {
                sqlite3_finalize(statementHandle)
                throw lastError(status, sql: text.trimmingWhitespace)
            }
            defer { sqlite3_finalize(statementHandle) }
            remaining = Substring(String(decoding: remaining.utf8.dropFirst(consumed), as: UTF8.self))
            guard let statementHandle else { continue }  // only a comment or whitespace
            var step = sqlite3_step(statementHandle)
            while step == SQLITE_ROW { step = sqlite3_step(statementHandle) }
            guard step == SQLITE_DONE else { throw lastError(step, sql: text.trimmingWhitespace) }
        }
    }

    /// Rows changed by the last INSERT/UPDATE/DELETE (https://www.sqlite.org/c3ref/changes.html).
    public var changes: Int {
        checkQueue()
        return handle.map { Int(sqlite3_changes64($0)) } ?? 0
    }

    /// Rows changed by every INSERT, UPDATE and DELETE completed on this connection since it opened
    /// (https://www.sqlite.org/c3ref/total_changes.html): unchanged across a body means it changed
    /// no row.
    public var totalChanges: Int64 {
        checkQueue()
        return handle.map { sqlite3_total_changes64($0) } ?? 0
    }

    /// The rowid of the last successful INSERT (https://www.sqlite.org/c3ref/last_insert_rowid.html).
    public var lastInsertRowID: Int64 {
        checkQueue()
        return handle.map { sqlite3_last_insert_rowid($0) } ?? 0
    }

    /// Whether a transaction is open: SQLite is *not* in autocommit mode
    /// (https://www.sqlite.org/c3ref/get_autocommit.html).
    public var isInTransaction: Bool {
        checkQueue()
        return handle.map { sqlite3_get_autocommit($0) == 0 } ?? false
    }

    /// The number of prepared statements currently cached (diagnostics and tests).
    var cachedStatementCount: Int { cache.count }

    /// The cached prepared statement for `sql`, compiled on first use.
    func cachedStatement(_ sql: String) throws(SQLiteError) -> Statement {
        checkQueue()
        let database = try liveHandle()
        return try cache.statement(for: sql) { () throws(SQLiteError) in
            try Statement(database: database, sql: sql, persistent: true)
        }
    }

    /// The open handle, or a misuse error once closed.
    func liveHandle() throws(SQLiteError) -> OpaquePointer {
        guard let handle else { throw .misuse("connection is closed") }
        return handle
    }

    /// The connection's current error for a failed call that returned `status`.
    func lastError(_ status: Int32, sql: String?) -> SQLiteError {
        guard let handle else { return SQLiteError(code: status, message: SQLiteError.name(of: status), sql: sql) }
        return SQLiteError(
            code: status, extendedCode: sqlite3_extended_errcode(handle),
            message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// In debug builds, traps if called off the owning queue: using a NOMUTEX connection from two
    /// threads corrupts SQLite's state (https://www.sqlite.org/threadsafe.html).
    func checkQueue() {
        #if DEBUG
            if let owningQueue { dispatchPrecondition(condition: .onQueue(owningQueue)) }
        #endif
    }
}

@available(*, unavailable)
extension SQLiteConnection: Sendable {}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
