/// Tunables of the platform read API, from the agent's configuration (`limits.platform…`).
public struct PlatformSettings: Sendable {
    /// Sustained requests per second allowed per platform token. Generous by default: the
    /// `/access` check sits on the platform's sign-in path.
    public var requestsPerSecond = 2000.0
    /// Burst allowed per platform token.
    public var requestBurst = 4000.0
    /// Failed authentications allowed per client address per minute before `429`.
    public var failedAuthenticationsPerMinute = 30.0
    /// Page size of listings when `limit` is absent.
    public var defaultPageSize = 100
    /// Largest `limit` of `/users`, `/teams` and `/teams/{id}/members`.
    public var maxPageSize = 500
    /// Largest `limit` of `/events`.
    public var maxEventPage = 1000
    /// Largest `wait` (seconds) of an `/events` long-poll.
    public var maxWaitSeconds = 30
    /// How often a waiting long-poll re-reads the feed without an in-process signal, which bounds
    /// how late it sees a commit made by another process (the `roster` CLI).
    public var feedPollInterval: Duration = .milliseconds(250)
    /// Most `GET /access` answers kept between two commits (``AccessAnswerCache``); 0 turns the
    /// cache off, and every check then reads the database.
    public var accessCacheEntries = 16_384

    /// The defaults above.
    public init() {}
}
