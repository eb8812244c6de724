// SPDX-License-Identifier: MIT

import Glibc

/// A failed socket system call, with `errno` captured at the throw site (style.md §8.5).
public struct SocketError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The call that failed, e.g. `"bind"`.
    public let operation: String
    /// The `errno` value right after the call.
    public let code: Int32
    /// `strerror(code)`, e.g. `"Address already in use"`.
    public let message: String

    /// Creates an error for `operation` with an explicit code.
    public init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
        self.message = String(cString: strerror(code))
    }

    /// Captures the current `errno` for `operation`.
    static func current(_ operation: String) -> SocketError {
        SocketError(operation: operation, code: errno)
    }

    /// `"bind failed: Address already in use (errno 98)"`.
    public var description: String { "\(operation) failed: \(message) (errno \(code))" }
}

/// Why a transport read or write did not complete.
public enum TransportError: Error, Equatable, Sendable {
    /// The deadline passed before the peer sent (or accepted) bytes.
    case timedOut
    /// The connection was closed or reset, or the server force-closed it.
    case closed
    /// The server is stopping and this connection was idle between requests.
    case shutdown
    /// Any other socket failure.
    case failed(SocketError)
}

/// A point on the monotonic clock, used for the connection deadlines.
///
/// `CLOCK_MONOTONIC` nanoseconds as one integer: cheaper to read, compare and hand to `epoll_wait`
/// than `ContinuousClock.Instant`, and immune to wall-clock jumps.
public struct Deadline: Comparable, Hashable, Sendable {
    /// Nanoseconds since an arbitrary monotonic epoch.
    public let nanoseconds: Int64

    /// Wraps a raw monotonic value.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The current monotonic time.
    public static func now() -> Deadline {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Deadline(nanoseconds: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))
    }

    /// A deadline that never passes.
    public static let distantFuture = Deadline(nanoseconds: Int64.max / 2)

    /// `duration` from now.
    public static func after(_ duration: Duration) -> Deadline {
        now() + duration
    }

    /// This deadline moved by `d`.
    public static func + (lhs: Deadline, rhs: Duration) -> Deadline {
        let add = rhs.nanosecondsClamped
        let (sum, overflow) = lhs.nanoseconds.addingReportingOverflow(add)
        return overflow ? .distantFuture : Deadline(nanoseconds: min(sum, Int64.max / 2))
    }

    /// Orders deadlines by time.
    public static func < (lhs: Deadline, rhs: Deadline) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
}
