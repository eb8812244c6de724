import Foundation

/// An access token from the org authorization server (okta-protocol.md C2: 1 h, fixed), with
/// the moment it should be replaced. Kept in memory only, never logged.
struct OktaAccessToken: Sendable {
    /// The bearer token.
    var value: String
    /// When Okta says it expires (`expires_in` after it was received, RFC 6749 §5.1).
    var expiresAt: Date
    /// When to renew it: the renewal margin before expiry, but not before half its lifetime.
    var renewAt: Date

    /// A token received at `now` that lives `lifetime` seconds.
    init(value: String, receivedAt now: Date, lifetime: TimeInterval, margin: TimeInterval) {
        self.value = value
        expiresAt = now.addingTimeInterval(lifetime)
        renewAt = now.addingTimeInterval(max(lifetime - margin, lifetime / 2))
    }
}
