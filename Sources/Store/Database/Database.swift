import Synchronization

/// Roster's SQLite database: one writer connection and a small pool of readers, each confined to
/// its own serial queue, in WAL mode (design.md "Storage").
///
/// - Writes are serialised through the single writer (SQLite allows one writer at a time anyway,
///   https://www.sqlite.org/lockingv3.html) in `BEGIN IMMEDIATE` transactions with
///   `synchronous=FULL`, so when ``write(_:)`` returns the change is durable, even across power loss
///   (hardening.md §1.5).
/// - Reads run on any free reader, concurrently with each other and with the writer.
/// - No SQLite call ever runs on Swift's cooperative thread pool.
///
/// Errors: SQLite failures are thrown as ``StoreError`` (``StoreError/corrupt(path:details:)`` for
/// damage, ``StoreError/sqlite(_:)`` otherwise); errors thrown by a body pass through unchanged.
///
/// `Sendable` without `@unchecked`: every stored property is immutable and itself `Sendable`.
public final class Database: Sendable {
    /// The database file path.
    public let path: String
    /// The single writer connection (SQLite allows one writer at a time).
    let writer: SerialConnection
    /// The read connections.
    let readers: ReaderPool
    /// Batches concurrent writes into shared commits (group commit).
    let groupCommit: GroupCommitWriter
    /// Background WAL checkpoints, off the writer's thread.
    let checkpointer: Checkpointer?
    /// Signalled after every commit of ``write(_:)``; the change feed's long-poll waits on it.
    public let commits = CommitNotifier()
    /// The WAL-index header, for ``commitStamp()``; nil when the `-shm` file could not be opened.
    let walIndex: WALIndexHeaderReader?
    private let closed = Mutex(false)

    /// Wraps already opened and migrated connections; use ``open(at:readers:checkIntegrity:)``.
    /// `resolvedFilename` is the main database's name as SQLite resolved it
    /// (``SQLiteConnection/resolvedFilename``); without it there is no ``commitStamp()``.
    init(
        path: String, writer: SerialConnection, readers: ReaderPool, checkpointer: Checkpointer?,
        resolvedFilename: String?
    ) {
        self.path = path
        self.writer = writer
        self.readers = readers
        self.checkpointer = checkpointer
        self.groupCommit = GroupCommitWriter(writer: writer)
        // Opened after the connections, which have created the `-shm` file by now.
        self.walIndex = resolvedFilename.flatMap { WALIndexHeaderReader(databasePath: $0) }
    }

    /// Which commit the database is at (``CommitStamp``), read without a transaction, a lock or
    /// a database thread, so the event loop may call it; nil when it cannot be read right now
    /// (then nothing may be served from a cache) or after ``close()``.
    public func commitStamp() -> CommitStamp? {
        guard !isClosed else { return nil }
        return walIndex?.stamp()
    }

    /// Runs `body` in a deferred (read) transaction on a pool reader, so it sees one consistent
    /// snapshot. Reader connections are `query_only`: writing through one fails.
    ///
    /// The connection passed to `body` must not escape it.
    public func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try checkUsable()
        let path = path
        return try await mapErrors(path) {
            try await readers.perform { connection in try connection.read { try body(connection) } }
        }
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` … `COMMIT` transaction on the writer. If `body` throws,
    /// everything it did is rolled back and its error rethrown. When this returns, the commit is
    /// durable (`synchronous=FULL`).
    ///
    /// Concurrent writes may share one transaction and one commit (``GroupCommitWriter``), each in
    /// its own savepoint: `body` sees the effects of writes queued before it, exactly as if they
    /// had committed first, and nothing is acknowledged before the shared commit is durable.
    ///
    /// A task already cancelled before the write is queued gets `CancellationError` and writes
    /// nothing; once queued, a write always runs to its end.
    ///
    /// The connection passed to `body` must not escape it.
    public func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try checkUsable()
        try Task.checkCancellation()
        let path = path
        let result = try await mapErrors(path) {
            try await groupCommit.write(body)
        }
        commits.signal()
        return result
    }

    /// Closes every connection after the work already queued on it. Later calls fail. Idempotent.
    public func close() async {
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        await checkpointer?.stop()
        await readers.close()
        await writer.close()
    }

    /// Whether ``close()`` has been called.
    public var isClosed: Bool { closed.withLock { $0 } }

    /// Throws if ``close()`` has been called.
    func checkUsable() throws {
        if isClosed { throw StoreError.sqlite(.misuse("database \(path) is closed")) }
    }

    /// Runs on the writer outside any transaction (migrations, `isWritable`).
    func onWriter<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try checkUsable()
        let path = path
        return try await mapErrors(path) { try await writer.perform(body) }
    }

    /// Runs on a reader outside any explicit transaction (pragmas that refuse to run inside one).
    func onReader<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try checkUsable()
        let path = path
        return try await mapErrors(path) { try await readers.perform(body) }
    }
}

/// Rethrows SQLite errors as ``StoreError``; other errors pass through.
func mapErrors<T>(_ path: String, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as SQLiteError {
        throw StoreError.operating(path, error)
    }
}
