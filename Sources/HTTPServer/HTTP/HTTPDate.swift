// SPDX-License-Identifier: MIT

import Glibc
import Synchronization

/// The `Date` header value (IMF-fixdate, RFC 9110 §5.6.7), formatted at most once per second.
///
/// Formatting a date per response is measurable at 100k req/s; one cached value shared by all
/// connections under a `Mutex` costs a `time(2)` (vDSO) and an uncontended lock instead.
enum HTTPDate {
    private static let cache = Mutex<(second: Int, bytes: [UInt8])>((-1, []))

    /// The current date as header-value bytes.
    static func current() -> [UInt8] {
        let now = time(nil)
        return cache.withLock { entry in
            if entry.second != now {
                entry = (now, format(now))
            }
            return entry.bytes
        }
    }

    /// Formats `t` as `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func format(_ t: Int) -> [UInt8] {
        var t = t
        var tm = Glibc.tm()
        gmtime_r(&t, &tm)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let s =
            "\(days[Int(tm.tm_wday)]), \(two(tm.tm_mday)) \(months[Int(tm.tm_mon)]) \(tm.tm_year + 1900) "
            + "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) GMT"
        return Array(s.utf8)
    }
}
