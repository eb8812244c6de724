import Foundation

/// The source of "now", injected so tests can control time (style.md §8.3: port protocols).
public protocol Clock: Sendable {
    /// The current wall-clock time.
    func now() -> Date
}

/// The real wall clock.
public struct SystemClock: Clock {
    /// Creates the system clock.
    public init() {}
    /// The current time from the system.
    public func now() -> Date { Date() }
}
