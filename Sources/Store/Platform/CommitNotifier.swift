import Synchronization

/// Wakes change-feed long-polls when a write of this process has committed.
///
/// ``Database/write(_:)`` calls ``signal()`` after every durable commit; a waiter remembers
/// ``generation`` *before* it reads the feed and then calls ``wait(since:timeout:)``, which returns
/// at once if a commit happened in between, so no wake-up is lost. Waiting is a suspended
/// continuation: it holds no database connection and blocks no thread.
///
/// Commits made by *other* processes (the `roster` CLI beside `serve`) cannot signal this object;
/// waiters therefore also re-read after a short timeout (the feed's poll interval), which bounds
/// how late such a change is seen.
///
/// `Sendable` through its `Mutex`.
public final class CommitNotifier: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var nextWaiter: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Waiters cancelled before they registered their continuation.
        var cancelled: Set<UInt64> = []
        var shuttingDown = false
    }

    private let state = Mutex(State())

    /// Creates a notifier with generation 0.
    public init() {}

    /// Incremented by every ``signal()``.
    public var generation: UInt64 { state.withLock { $0.generation } }

    /// Whether ``shutDown()`` was called: long-polls answer with what they have instead of
    /// waiting (a graceful stop must not sit out a 30-second long-poll).
    public var isShuttingDown: Bool { state.withLock { $0.shuttingDown } }

    /// Wakes every waiter and makes future waits return at once.
    public func shutDown() {
        state.withLock { $0.shuttingDown = true }
        signal()
    }

    /// Records a commit and wakes every waiter.
    public func signal() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.generation &+= 1
            defer { state.waiters.removeAll(keepingCapacity: true) }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once ``generation`` differs from `generation`, after `timeout`, or when the task is
    /// cancelled — whichever comes first.
    public func wait(since generation: UInt64, timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForSignal(since: generation) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForSignal(since generation: UInt64) async {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.generation != generation || state.cancelled.remove(id) != nil || state.shuttingDown {
                        return true
                    }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
                state.cancelled.insert(id)
                return nil
            }
            waiter?.resume()
        }
        // A cancellation that arrived after a signal already resumed us leaves a stale mark.
        state.withLock { _ = $0.cancelled.remove(id) }
    }
}
