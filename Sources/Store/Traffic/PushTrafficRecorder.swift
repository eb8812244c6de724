import Foundation
import Synchronization

/// Counts SCIM push requests into `push_traffic_hourly` without ever making a request wait.
///
/// ``record(_:)`` only adds to an in-memory batch under a `Mutex` (a few hundred nanoseconds).
/// A background task, started on the first sample and ending when the batch stays empty,
/// writes the batch every ``interval`` in one transaction. A write that fails (database busy,
/// disk full) is logged nowhere and dropped: these are statistics, and the request path must
/// never depend on them. ``flush()`` writes what is pending (used at shutdown and in tests).
public final class PushTrafficRecorder: Sendable {
    private struct State {
        var pending: [PushTrafficTable.Increment: Int] = [:]
        var flusherRunning = false
    }

    private let database: Database
    /// Time between two batch writes.
    public let interval: Duration
    private let state = Mutex(State())

    /// A recorder writing to `database` every `interval`.
    public init(database: Database, interval: Duration = .seconds(5)) {
        self.database = database
        self.interval = interval
    }

    /// Counts one request. Never blocks on I/O.
    public func record(_ sample: PushTrafficSample) {
        let key = PushTrafficTable.Increment(sample)
        let start = state.withLock { state -> Bool in
            state.pending[key, default: 0] += 1
            guard !state.flusherRunning else { return false }
            state.flusherRunning = true
            return true
        }
        if start {
            Task.detached(priority: .utility) { [self] in await flushLoop() }
        }
    }

    /// Writes everything recorded so far.
    public func flush() async {
        let batch = state.withLock { state in
            defer { state.pending.removeAll() }
            return state.pending
        }
        guard !batch.isEmpty else { return }
        _ = try? await database.write { connection in
            for (key, count) in batch { try PushTrafficTable.add(key, count: count, on: connection) }
        }
    }

    private func flushLoop() async {
        while true {
            try? await Task.sleep(for: interval)
            let done = state.withLock { state -> Bool in
                if state.pending.isEmpty {
                    state.flusherRunning = false
                    return true
                }
                return false
            }
            if done || database.isClosed { 
                state.withLock { $0.flusherRunning = false }
                return
            }
            await flush()
        }
    }
}
