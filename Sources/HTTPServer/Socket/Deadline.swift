// SPDX-License-Identifier: MIT

import Glibc

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
