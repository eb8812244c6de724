import Dispatch
import Synchronization

/// Batches concurrent writes into one transaction, so many requests share one durable commit
/// (one WAL `fsync` with `synchronous=FULL`) without any of them being acknowledged early.
///
/// Each write is queued; a drain block on the writer's serial queue takes every write queued so
/// far and runs them in one `BEGIN IMMEDIATE` … `COMMIT`, each inside its own `SAVEPOINT`, so a
/// write whose body throws is rolled back alone and the others still commit. Every caller is
/// resumed only after the `COMMIT` returned: if the commit fails, every write of the batch fails.
/// While one batch is committing, the next one gathers — under load the batch grows by itself;
/// an idle system commits a lone write immediately, with no added delay.
///
/// If SQLite rolls the whole transaction back by itself (`SQLITE_FULL`, `SQLITE_IOERR`, …; see
/// https://www.sqlite.org/lang_transaction.html "Response To Errors Within A Transaction"), the
/// writes already done in that batch are lost with it: they are failed with that error and the
/// remaining writes run in a fresh transaction.
///
/// `@unchecked Sendable`: `pending` is behind a `Mutex`; everything else is immutable.
final class GroupCommitWriter: @unchecked Sendable {
    /// One queued write: its type-erased body and the continuation to resume.
    struct Job: Sendable {
        let body: @Sendable (SQLiteConnection) throws -> any Sendable
        let complete: @Sendable (Result<any Sendable, any Error>) -> Void
    }

    private let writer: SerialConnection
    private let pending = Mutex<[Job]>([])
    /// Largest number of writes committed together; bounds the work lost to one failed commit.
    let maximumBatch: Int

    /// Creates a batcher in front of `writer`.
    init(writer: SerialConnection, maximumBatch: Int = 256) {
        self.writer = writer
        self.maximumBatch = maximumBatch
    }

    /// Runs `body` in the next group transaction and returns its result once that transaction is
    /// durably committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        let result: any Sendable = try await withCheckedThrowingContinuation { continuation in
            let job = Job(body: { connection in try body(connection) }, complete: { continuation.resume(with: $0) })
            pending.withLock { $0.append(job) }
            writer.enqueue { connection in self.drain(connection) }
        }
        // The job's body returned a T; the cast cannot fail.
        return result as! T
    }

    /// Runs on the writer queue: commits everything queued so far, in batches.
    private func drain(_ connection: SQLiteConnection?) {
        while true {
            let jobs = pending.withLock { queue -> [Job] in
                let taken = Array(queue.prefix(maximumBatch))
                queue.removeFirst(taken.count)
                return taken
            }
            guard !jobs.isEmpty else { return }
            guard let connection, !connection.isClosed else {
                for job in jobs { job.complete(.failure(SQLiteError.misuse("database connection is closed"))) }
                continue
            }
            if jobs.count == 1 {
                let job = jobs[0]
                job.complete(Result { try connection.write { try job.body(connection) } })
            } else {
                commit(jobs, on: connection)
            }
        }
    }

    private func commit(_ jobs: [Job], on connection: SQLiteConnection) {
        var remaining = jobs[...]
        while !remaining.isEmpty {
            do {
                try connection.execute("BEGIN IMMEDIATE")
            } catch {
                for job in remaining { job.complete(.failure(error)) }
                return
            }
            var done: [(Job, any Sendable)] = []
            var failed: [(Job, any Error)] = []
            var transactionLost: (any Error)?
            while let job = remaining.popFirst() {
                do {
                    try connection.execute("SAVEPOINT roster_write")
                    let value = try job.body(connection)
                    try connection.execute("RELEASE roster_write")
                    done.append((job, value))
                } catch {
                    guard connection.isInTransaction else {
                        transactionLost = error
                        failed.append((job, error))
                        break
                    }
                    try? connection.execute("ROLLBACK TO roster_write")
                    try? connection.execute("RELEASE roster_write")
                    failed.append((job, error))
                }
            }
            if let transactionLost {
                for (job, _) in done { job.complete(.failure(transactionLost)) }
            } else {
                do {
                    try connection.execute("COMMIT")
                    for (job, value) in done { job.complete(.success(value)) }
                } catch {
                    if connection.isInTransaction { try? connection.execute("ROLLBACK") }
                    for (job, _) in done { job.complete(.failure(error)) }
                }
            }
            for (job, error) in failed { job.complete(.failure(error)) }
        }
    }
}
