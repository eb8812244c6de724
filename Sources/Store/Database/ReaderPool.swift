import Core
import Dispatch
import Synchronization

/// A fixed set of read-only connections, each on its own serial queue, sharing one FIFO of read
/// jobs. With WAL, readers run in parallel with each other and with the writer
/// (https://www.sqlite.org/wal.html §"Concurrency").
///
/// Why a shared FIFO rather than handing each read to a free reader: a reader that is already
/// running keeps taking the next queued job before it goes idle, so under load a read costs a
/// lock and a continuation, not a dispatch to a sleeping thread (a futex wake-up and two
/// context switches each time). Another reader is woken only when the running ones fall behind:
/// the backlog is more than ``backlogPerReader`` jobs per running reader, or no running reader
/// has taken a job for ``stallNanoseconds`` (one long read, such as a large listing, is holding
/// it). That second rule is checked when a read arrives and, so that reads queued behind a long
/// one are not left waiting when nothing else arrives, by one delayed check
/// (``stallCheckDelay``) armed whenever reads are left queued. Waking readers more eagerly was
/// measured to cost more than it gives on a small machine: every extra reader sleeps and wakes
/// again per burst, and the CPU it spends in the scheduler is CPU the event loop does not get.
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
        /// When a running reader last took a job (monotonic nanoseconds).
        var lastPop: UInt64 = 0
        /// Whether a delayed stall check is scheduled.
        var stallCheckPending = false

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

    /// Queued jobs per running reader beyond which another reader is woken.
    static let backlogPerReader = 8
    /// How long the running readers may go without taking a job, while jobs wait, before
    /// another reader is woken: far longer than a point read, far shorter than a large listing.
    static let stallNanoseconds: UInt64 = 300_000

    /// How long after reads were left queued the pool checks whether the running readers are
    /// stuck on a long read (at most one check is pending at a time).
    static let stallCheckDelay = DispatchTimeInterval.milliseconds(5)

    /// What queueing a job asked for.
    private enum Admission { case queued, queuedCheckLater, wake(Int), closed }

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
        // An unsafe continuation (no misuse-tracking box per read): each job runs exactly once,
        // popped from the FIFO by one reader or handed nil once when the pool closes, and the job
        // resumes its continuation exactly once either way.
        try await withUnsafeThrowingContinuation { continuation in
            let job: Job = { connection in
                guard let connection else {
                    continuation.resume(throwing: SQLiteError.misuse("database is closed"))
                    return
                }
                continuation.resume(with: Result { try body(connection) })
            }
            let now = DispatchTime.now().uptimeNanoseconds
            let admission: Admission = state.withLock { state in
                if state.closed { return .closed }
                state.pending.append(job)
                // Wake a reader when none runs, or when the running ones fall behind.
                let behind =
                    state.backlog > Self.backlogPerReader * state.running
                    || now &- state.lastPop > Self.stallNanoseconds
                if state.running == 0 || behind, let index = state.idle.popLast() {
                    state.running += 1
                    state.lastPop = now  // the woken reader gets its own grace period
                    return .wake(index)
                }
                if state.stallCheckPending { return .queued }
                state.stallCheckPending = true
                return .queuedCheckLater
            }
            switch admission {
            case .queued: break
            case .queuedCheckLater: scheduleStallCheck()
            case .closed: job(nil)
            case .wake(let index): wakeReader(index)
            }
        }
    }

    /// Starts reader `index` draining the queue.
    private func wakeReader(_ index: Int) {
        readers[index].enqueue { connection in self.drain(index, connection) }
    }

    /// Arms the delayed stall check.
    private func scheduleStallCheck() {
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.stallCheckDelay) { self.checkForStall() }
    }

    /// Wakes an idle reader when reads are still queued and no running reader has taken one for
    /// ``stallNanoseconds``; re-arms itself while reads stay queued.
    private func checkForStall() {
        ThreadScheduling.deferWakeupsToRunningThreads()  // a timer thread: it must not preempt the event loop
        let now = DispatchTime.now().uptimeNanoseconds
        enum Outcome { case done, wake(Int), again }
        let outcome: Outcome = state.withLock { state in
            guard !state.closed, state.backlog > 0 else {
                state.stallCheckPending = false
                return .done
            }
            if now &- state.lastPop > Self.stallNanoseconds, let index = state.idle.popLast() {
                state.running += 1
                state.lastPop = now
                state.stallCheckPending = false
                return .wake(index)
            }
            return .again
        }
        switch outcome {
        case .done: break
        case .wake(let index): wakeReader(index)
        case .again: scheduleStallCheck()
        }
    }

    /// Runs queued jobs on reader `index` (on its queue) until none is left, then marks it idle.
    private func drain(_ index: Int, _ connection: SQLiteConnection?) {
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            let job: Job? = state.withLock { state in
                if let job = state.pop() {
                    state.lastPop = now
                    return job
                }
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
