import Foundation

/// Everything an ``OktaClient`` needs besides its transport, clock and sleeper.
public struct OktaClientConfiguration: Sendable {
    /// The org origin: the only origin the token goes to and whose links are followed.
    public var origin: OktaOrigin
    /// The Okta app id.
    public var appID: String
    /// The SSWS API token or the OAuth service app (okta-protocol.md C2). Kept in memory only.
    public var credential: OktaCredential
    /// How long before its `expires_in` an access token is renewed (tokens live 1 h, C2); at
    /// most half the token's lifetime is used, so short-lived tokens are renewed too.
    public var tokenRenewalMargin: Duration = .seconds(120)
    /// Lifetime of a client assertion (RFC 7523 §3: short; capped at 5 minutes).
    public var assertionLifetime: TimeInterval = 300
    /// Connect timeout of every request.
    public var connectTimeout: Duration = .seconds(10)
    /// Total timeout of every request.
    public var requestTimeout: Duration = .seconds(60)
    /// Largest page body accepted (500 expanded app users are well under 2 MB).
    public var maxPageBytes = 16 * 1024 * 1024
    /// Attempts per request for 5xx, timeouts and transport errors, and separately for 429s.
    public var maxAttempts = 5
    /// First retry delay; doubled per attempt up to ``backoffCap`` (capped exponential backoff).
    public var backoffBase: Duration = .seconds(1)
    /// Longest retry delay.
    public var backoffCap: Duration = .seconds(30)
    /// Wait on a 429 without `X-Rate-Limit-Reset` (C4: Reset is only an estimate on concurrency
    /// 429s, and may be missing): a full window.
    public var defaultRateLimitWait: Duration = .seconds(60)
    /// Most pages one listing may take before the pull fails (no unbounded loops).
    public var maxPagesPerListing = 100_000
    /// Random extra wait added to rate-limit waits (C4: "sleep until Reset plus jitter").
    public var jitter: @Sendable () -> Duration = { .milliseconds(Int.random(in: 0...1000)) }

    /// Settings for `appID` at `origin` with an SSWS `token` and the defaults.
    public init(origin: OktaOrigin, appID: String, token: String) {
        self.init(origin: origin, appID: appID, credential: .apiToken(token))
    }

    /// Settings for `appID` at `origin` with `credential` and the defaults.
    public init(origin: OktaOrigin, appID: String, credential: OktaCredential) {
        self.origin = origin
        self.appID = appID
        self.credential = credential
    }

    /// The org authorization server's token endpoint, `{org}/oauth2/v1/token` (C2): the
    /// assertion's `aud` and where token requests go.
    public var tokenEndpoint: String { origin.description + "/oauth2/v1/token" }
}
