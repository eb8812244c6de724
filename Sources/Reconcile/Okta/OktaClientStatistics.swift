/// What a pull cost, recorded on the run (design.md "Reconciler rules" 6).
public struct OktaClientStatistics: Sendable, Equatable {
    /// HTTP requests sent, retries included.
    public var apiCalls = 0
    /// List pages received successfully.
    public var pages = 0
    /// Waits for a rate-limit window: pacing before `Remaining` hit zero, and 429s.
    public var rateLimitWaits = 0
    /// 429 responses received.
    public var rateLimitedResponses = 0
    /// Retries after 5xx, timeouts or transport errors.
    public var retries = 0
    /// Access tokens obtained from the token endpoint (service apps only).
    public var tokenRequests = 0

    /// All zero.
    public init() {}
}
