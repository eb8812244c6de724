import CurlTransport
import Foundation
import Testing

@testable import Reconcile

/// Pacing before Okta says 429 (okta-protocol.md C4): with `Remaining` down to the reserve
/// (5 % of the limit), the client waits until the window's `Reset`, measured against the
/// response's own `Date` so a skewed local clock does not matter.
@Suite("Rate-limit pacing")
struct RateLimitPacingTests {
    private func response(limit: Int, remaining: Int, resetIn seconds: Int, serverNow: Date) -> HTTPClientResponse {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return HTTPClientResponse(
            status: 200,
            headers: [
                HTTPClientHeader("X-Rate-Limit-Limit", String(limit)),
                HTTPClientHeader("X-Rate-Limit-Remaining", String(remaining)),
                HTTPClientHeader("X-Rate-Limit-Reset", String(Int(serverNow.timeIntervalSince1970) + seconds)),
                HTTPClientHeader("Date", formatter.string(from: serverNow)),
            ],
            body: [])
    }

    @Test func pausesOnlyWhenRemainingReachesTheReserve() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var state = RateLimitState()
        state.update(from: response(limit: 100, remaining: 50, resetIn: 30, serverNow: now), receivedAt: now)
        #expect(state.pause(at: now) == nil)
        state.update(from: response(limit: 100, remaining: 5, resetIn: 30, serverNow: now), receivedAt: now)
        #expect(state.reserve == 5)
        #expect(state.pause(at: now) == 30)
        // Once the window has reset there is nothing to wait for.
        #expect(state.pause(at: now.addingTimeInterval(31)) == nil)
    }

    @Test func resetIsReadAgainstTheServersClock() {
        let serverNow = Date(timeIntervalSince1970: 1_800_000_000)
        let localNow = serverNow.addingTimeInterval(-3600)  // our clock is an hour behind
        var state = RateLimitState()
        state.update(from: response(limit: 100, remaining: 1, resetIn: 20, serverNow: serverNow), receivedAt: localNow)
        #expect(state.pause(at: localNow) == 20)
    }

    @Test func absurdResetsAreClamped() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var state = RateLimitState()
        state.update(from: response(limit: 100, remaining: 0, resetIn: 86_400, serverNow: now), receivedAt: now)
        #expect(state.pause(at: now) == 120)
        state.update(from: response(limit: 100, remaining: 0, resetIn: -50, serverNow: now), receivedAt: now)
        #expect(state.pause(at: now) == nil)
    }
}
