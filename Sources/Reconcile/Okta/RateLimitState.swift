import CurlTransport
import Foundation

/// What Okta's `X-Rate-Limit-Limit/Remaining/Reset` headers said last (okta-protocol.md C4),
/// with the reset moment converted to the local clock: `Reset` is epoch seconds on Okta's clock,
/// so the wait is `Reset − Date` of the same response, added to the local receive time
/// (a skewed local clock then does not matter).
struct RateLimitState: Sendable, Equatable {
    /// Requests allowed per window.
    var limit: Int?
    /// Requests left in the current window.
    var remaining: Int?
    /// When the window resets, on the local clock.
    var resetAt: Date?

    /// Reads the headers of `response`, received at local time `now`.
    mutating func update(from response: HTTPClientResponse, receivedAt now: Date) {
        limit = response.header("X-Rate-Limit-Limit").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? limit
        remaining = response.header("X-Rate-Limit-Remaining").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        resetAt = Self.resetMoment(response, receivedAt: now)
    }

    /// The local moment `response`'s `X-Rate-Limit-Reset` names, if it has one.
    static func resetMoment(_ response: HTTPClientResponse, receivedAt now: Date) -> Date? {
        guard let text = response.header("X-Rate-Limit-Reset"), let reset = Double(text.trimmingCharacters(in: .whitespaces))
        else { return nil }
        let serverNow = response.header("Date").flatMap(HTTPDate.parse)?.timeIntervalSince1970 ?? now.timeIntervalSince1970
        // A reset in the past (or absurdly far ahead) is clamped: never wait longer than a window
        // and a bit (Okta windows are per minute, C4).
        let wait = min(max(reset - serverNow, 0), 120)
        return now.addingTimeInterval(wait)
    }

    /// How many requests to keep in reserve: slow down before `Remaining` reaches zero, leaving
    /// room for other clients of the same token (C4: throttle ahead of time).
    var reserve: Int { max(1, (limit ?? 0) / 20) }

    /// How long to wait before the next request, or nil to go ahead: when the window is nearly
    /// used up, wait for its reset.
    func pause(at now: Date) -> TimeInterval? {
        guard let remaining, let resetAt, remaining <= reserve else { return nil }
        let wait = resetAt.timeIntervalSince(now)
        return wait > 0 ? wait : nil
    }
}
