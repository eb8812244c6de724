import Dispatch
import Synchronization

/// Batches concurrent writes into one transaction, so many requests share one durable commit
/// (one WAL `fsync` with `synchronous=FULL`) without any of them being acknowledged early.
///
/// Each write is queued; a drain block on the writer's serial queue takes every write queued so
/// far and runs them in one `BEGIN IMMEDIATE` … `COMMIT`. A write whose body throws is undone
/// alone and the others still commit. Every caller is resumed only after the `COMMIT` returned:
/// if the commit fails, every write of the batch fails.
///
/// A batch first runs its bodies back to back, without a `SAVEPOINT` each: a savepoint makes
/// SQLite copy every page a body then modifies into the statement journal
/// (https://www.sqlite.org/tempfiles.html §2.5), about a fifth of the writer's work for a SCIM
/// create, and almost every body succeeds. A body that throws before changing a row (a 404, a
/// 409 found by a read, a stale `If-Match`) has nothing to undo, which
/// `sqlite3_total_changes64` tells: it fails alone. Only a body that throws *after* changing rows
/// needs undoing; then the whole transaction is rolled back and the batch's writes run again,
/// each in its own `SAVEPOINT`. So bodies must be safe to run twice: they only read and write
/// through the connection they are given (and return a value), and they change rows only with
/// INSERT, UPDATE or DELETE (which the change count sees; no DDL, which batched writes never do).
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
        var guarded = false
        while !remaining.isEmpty {
            do {
                try connection.execute("BEGIN IMMEDIATE")
            } catch {
                for job in remaining { job.complete(.failure(error)) }
                return
            }
            let attempt = guarded ? runGuarded(&remaining, on: connection) : runOptimistic(&remaining, on: connection)
            if let undone = attempt.undone {
                // A body failed after changing rows: undo everything and run this transaction's
                // writes again, each in a savepoint (the failed one included: it may succeed
                // against the state it now sees, and its failure is reported from that run).
                try? connection.execute("ROLLBACK")
                remaining = undone + remaining
                guarded = true
                continue
            }
            finish(attempt, on: connection)
        }
    }

    /// What one transaction's run of bodies produced.
    private struct Attempt {
        var done: [(Job, any Sendable)] = []
        var failed: [(Job, any Error)] = []
        /// SQLite rolled the transaction back by itself, with this error.
        var transactionLost: (any Error)?
        /// Set when a body failed after changing rows without a savepoint to undo them: every
        /// job this transaction ran, to be run again.
        var undone: ArraySlice<Job>?
    }

    /// Runs bodies without savepoints until one fails after changing rows (``Attempt/undone``)
    /// or SQLite ends the transaction.
    private func runOptimistic(_ remaining: inout ArraySlice<Job>, on connection: SQLiteConnection) -> Attempt {
        var attempt = Attempt()
        var ran: [Job] = []
        while let job = remaining.popFirst() {
            ran.append(job)
            let changesBefore = connection.totalChanges
            do {
                attempt.done.append((job, try job.body(connection)))
            } catch {
                guard connection.isInTransaction else {
                    attempt.transactionLost = error
                    attempt.failed.append((job, error))
                    break
                }
                guard connection.totalChanges == changesBefore else {
                    attempt.undone = ran[...]
                    return attempt
                }
                attempt.failed.append((job, error))
            }
        }
        return attempt
    }

    /// Runs bodies each in its own savepoint, so a failed one is rolled back alone.
    private func runGuarded(_ remaining: inout ArraySlice<Job>, on connection: SQLiteConnection) -> Attempt {
        var attempt = Attempt()
        while let job = remaining.popFirst() {
            do {
                try connection.execute("SAVEPOINT roster_write")
                let value = try job.body(connection)
                try connection.execute("RELEASE roster_write")
                attempt.done.append((job, value))
            } catch {
                guard connection.isInTransaction else {
                    attempt.transactionLost = error
                    attempt.failed.append((job, error))
                    break
                }
                try? connection.execute("ROLLBACK TO roster_write")
                try? connection.execute("RELEASE roster_write")
                attempt.failed.append((job, error))
            }
        }
        return attempt
    }

    /// Commits what `attempt` did and resumes its callers.
    private func finish(_ attempt: Attempt, on connection: SQLiteConnection) {
        if let transactionLost = attempt.transactionLost {
            for (job, _) in attempt.done { job.complete(.failure(transactionLost)) }
        } else {
            do {
                try connection.commit()
                for (job, value) in attempt.done { job.complete(.success(value)) }
            } catch {
                if connection.isInTransaction { try? connection.execute("ROLLBACK") }
                for (job, _) in attempt.done { job.complete(.failure(error)) }
            }
        }
        for (job, error) in attempt.failed { job.complete(.failure(error)) }
    }
}
