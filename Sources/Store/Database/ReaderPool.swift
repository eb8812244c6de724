import Synchronization

/// A fixed set of read-only connections, each on its own serial queue, sharing one FIFO of read
/// jobs. With WAL, readers run in parallel with each other and with the writer
/// (https://www.sqlite.org/wal.html §"Concurrency").
///
/// Why a shared FIFO rather than handing each read to a free reader: a reader that is already
/// running keeps taking the next queued job before it goes idle, so under load a read costs a
/// lock and a continuation, not a dispatch to a sleeping thread (a futex wake-up and two
/// context switches each time). Another reader is woken when the backlog grows beyond what the
/// running ones can take right away, so one long read (a large listing) delays at most a couple
/// of short ones before a second reader starts on them.
///
/// A job never runs on Swift's cooperative pool: only on a reader's queue. Waiting is not
/// cancellable: a queued read always runs (it is short and read-only).
final class ReaderPool: Sendable {
    /// A queued read: runs with the connection, or with nil when the pool closed first.
    private typealias Job = @Sendable (SQLiteConnection?) -> Void

    private struct State {
        var pending: [Job] = []
        /// Index of the next job to run in `pending` (a FIFO without shifting on every pop).
        var head = 0
        var idle: [Int]
        var running = 0
        var closed = false

        var backlog: Int { pending.count - head }

        mutating func pop() -> Job? {
            guard head < pending.count else { return nil }
            let job = pending[head]
            head += 1
            if head == pending.count {
                pending.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64, head * 2 >= pending.count {
                // A backlog that never empties: drop the finished prefix now and then.
                pending.removeFirst(head)
                head = 0
            }
            return job
        }
    }

    /// What queueing a job asked for.
    private enum Admission { case queued, wake(Int), closed }

    private let readers: [SerialConnection]
    private let state: Mutex<State>

    /// Creates a pool of already opened readers.
    init(readers: [SerialConnection]) {
        self.readers = readers
        self.state = Mutex(State(idle: Array(readers.indices.reversed())))
    }

    /// The number of readers.
    var capacity: Int { readers.count }

    /// Runs `body` on a reader, after the reads queued before it.
    func perform<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job: Job = { connection in
                guard let connection else {
                    continuation.resume(throwing: SQLiteError.misuse("database is closed"))
                    return
                }
                continuation.resume(with: Result { try body(connection) })
            }
            let admission: Admission = state.withLock { state in
                if state.closed { return .closed }
                state.pending.append(job)
                // Wake a reader when none runs, or when the backlog outgrows the running ones.
                if state.running == 0 || state.backlog > 2 * state.running, let index = state.idle.popLast() {
                    state.running += 1
                    return .wake(index)
                }
                return .queued
            }
            switch admission {
            case .queued: break
            case .closed: job(nil)
            case .wake(let index): readers[index].enqueue { connection in self.drain(index, connection) }
            }
        }
    }

    /// Runs queued jobs on reader `index` (on its queue) until none is left, then marks it idle.
    private func drain(_ index: Int, _ connection: SQLiteConnection?) {
        while true {
            let job: Job? = state.withLock { state in
                if let job = state.pop() { return job }
                state.running -= 1
                state.idle.append(index)
                return nil
            }
            guard let job else { return }
            job(connection)
        }
    }

    /// Marks the pool closed, fails the reads still queued, and closes every reader after the
    /// work already running on it.
    func close() async {
        let orphaned: [Job] = state.withLock { state in
            state.closed = true
            var jobs: [Job] = []
            while let job = state.pop() { jobs.append(job) }
            return jobs
        }
        for job in orphaned { job(nil) }
        for reader in readers { await reader.close() }
    }
}
