import Core
import Dispatch

/// A ``SQLiteConnection`` confined to its own serial `DispatchQueue`.
///
/// Every SQLite call runs as a block on `queue`, never on a thread of Swift's cooperative pool:
/// SQLite calls block (disk I/O, `fsync`, busy waits of up to 5 s), and blocking a cooperative
/// thread starves unrelated tasks (style.md §8.7). Async callers hop over with
/// `withCheckedThrowingContinuation`.
///
/// The threads running these blocks give way to the HTTP event loop when they wake up
/// (``Core/ThreadScheduling``): a reader woken with a query must not preempt the one thread that
/// serves every connection.
///
/// `@unchecked Sendable` is safe because the only mutable state, `connection`, is read and
/// written exclusively inside blocks on the serial `queue`, which runs one block at a time;
/// the `SQLiteConnection` itself never leaves those blocks except as the argument of a body
/// that runs synchronously on the queue.
final class SerialConnection: @unchecked Sendable {
    /// The serial queue owning the connection.
    let queue: DispatchQueue
    /// Touched only on `queue`.
    private var connection: SQLiteConnection?

    /// Creates the queue; the connection is opened by ``open(_:)``.
    init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Opens the connection on the queue with `make`.
    func open(_ make: @escaping @Sendable () throws -> SQLiteConnection) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue.async {
                ThreadScheduling.deferWakeupsToRunningThreads()
                do {
                    let connection = try make()
                    connection.owningQueue = self.queue
                    self.connection = connection
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Runs `body` with the connection on the queue and returns its result.
    /// - Throws: what `body` throws, or ``SQLiteError`` (misuse) if the connection is closed.
    func perform<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                ThreadScheduling.deferWakeupsToRunningThreads()
                guard let connection = self.connection, !connection.isClosed else {
                    continuation.resume(throwing: SQLiteError.misuse("database connection is closed"))
                    return
                }
                continuation.resume(with: Result { try body(connection) })
            }
        }
    }

    /// Queues `body` on the connection's queue without waiting for it; `body` gets nil when the
    /// connection is closed. Used by ``GroupCommitWriter``, which resumes its callers itself.
    func enqueue(_ body: @escaping @Sendable (SQLiteConnection?) -> Void) {
        queue.async {
            ThreadScheduling.deferWakeupsToRunningThreads()
            let connection = self.connection.flatMap { $0.isClosed ? nil : $0 }
            body(connection)
        }
    }

    /// Runs `body` with the open connection *on the current thread*, which must be `queue`
    /// (a timer or block already running there); does nothing when closed.
    func runNow(_ body: (SQLiteConnection) -> Void) {
        dispatchPrecondition(condition: .onQueue(queue))
        if let connection, !connection.isClosed { body(connection) }
    }

    /// Closes the connection after every block already queued has run. Later blocks see it closed.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                // close() fails only if statements are still in use; none can be, since every
                // statement is reset before its block ends. Fall back to the deinit safety net.
                try? self.connection?.close()
                self.connection = nil
                continuation.resume()
            }
        }
    }
}
