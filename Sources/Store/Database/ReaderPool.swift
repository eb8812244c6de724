import Synchronization

/// A fixed set of read-only connections, each on its own serial queue, handed out one task at a
/// time. With WAL, readers run in parallel with each other and with the writer
/// (https://www.sqlite.org/wal.html §"Concurrency").
///
/// A task that finds no free reader waits in FIFO order on a continuation; waits are short
/// because each read holds a reader only for one synchronous block on its queue. Waiting is not
/// cancellable: a cancelled task still gets (and returns) its reader.
final class ReaderPool: Sendable {
    private struct State {
        var free: [Int]
        var waiters: [CheckedContinuation<Int?, Never>] = []
        var closed = false
    }

    private let readers: [SerialConnection]
    private let state: Mutex<State>

    /// Creates a pool of already opened readers.
    init(readers: [SerialConnection]) {
        self.readers = readers
        self.state = Mutex(State(free: Array(readers.indices.reversed())))
    }

    /// The number of readers.
    var capacity: Int { readers.count }

    /// Runs `body` on a free reader, waiting for one if all are busy.
    func perform<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        guard let index = await acquire() else {
            throw SQLiteError.misuse("database is closed")
        }
        defer { release(index) }
        return try await readers[index].perform(body)
    }

    /// Marks the pool closed, wakes waiters (they fail), and closes every reader after the work
    /// already queued on it.
    func close() async {
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
        for reader in readers { await reader.close() }
    }

    private func acquire() async -> Int? {
        enum Attempt { case got(Int), closed, empty }
        let first: Attempt = state.withLock { state in
            if state.closed { return .closed }
            if let index = state.free.popLast() { return .got(index) }
            return .empty
        }
        switch first {
        case .got(let index): return index
        case .closed: return nil
        case .empty: break
        }
        return await withCheckedContinuation { continuation in
            // Re-check under the lock: a reader may have been released since the first attempt.
            let immediate: Attempt = state.withLock { state in
                if state.closed { return .closed }
                if let index = state.free.popLast() { return .got(index) }
                state.waiters.append(continuation)
                return .empty
            }
            switch immediate {
            case .got(let index): continuation.resume(returning: index)
            case .closed: continuation.resume(returning: nil)
            case .empty: break
            }
        }
    }

    private func release(_ index: Int) {
        let waiter: CheckedContinuation<Int?, Never>? = state.withLock { state in
            if !state.closed, !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.free.append(index)
            return nil
        }
        waiter?.resume(returning: index)
    }
}
