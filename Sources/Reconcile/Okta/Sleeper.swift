/// Waits: injected so rate-limit and backoff tests run instantly (style.md §8.3 port protocols).
public protocol Sleeper: Sendable {
    /// Suspends for `duration`; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The real sleeper: `Task.sleep` on the continuous clock.
public struct TaskSleeper: Sleeper {
    /// Creates the sleeper.
    public init() {}
    /// Sleeps with `Task.sleep(for:)`.
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
