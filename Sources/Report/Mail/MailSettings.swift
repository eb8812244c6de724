import CurlTransport

/// Where and how mail is sent, and how the outbox retries.
public struct MailSettings: Sendable {
    /// `smtp://HOST[:PORT]` or `smtps://HOST[:PORT]`.
    public var url: String
    /// Transport security (STARTTLS required by default).
    public var security: SMTPSendRequest.Security
    /// Envelope and header sender.
    public var from: String
    /// AUTH user name.
    public var username: String?
    /// AUTH password (read from the environment by the caller; never stored).
    public var password: String?
    /// A PEM CA bundle to trust instead of the system's.
    public var caFile: String?
    /// Connect timeout.
    public var connectTimeout: Duration = .seconds(10)
    /// Per-command timeout.
    public var commandTimeout: Duration = .seconds(30)
    /// First retry delay after a transient failure; doubled per attempt.
    public var retryBase: Duration = .seconds(30)
    /// Longest retry delay.
    public var retryMax: Duration = .seconds(3600)
    /// Attempts before a message that keeps failing transiently is marked failed (with the
    /// defaults, about a day of trying).
    public var maxAttempts = 30

    /// Creates settings.
    public init(url: String, security: SMTPSendRequest.Security, from: String) {
        self.url = url
        self.security = security
        self.from = from
    }

    /// Delay before attempt `attempts + 1`: `retryBase · 2^(attempts−1)`, at most ``retryMax``.
    public func backoff(afterAttempts attempts: Int) -> Duration {
        let factor = 1 << min(max(attempts - 1, 0), 20)
        let delay = retryBase * factor
        return delay > retryMax ? retryMax : delay
    }
}
