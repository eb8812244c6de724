/// Tunables of the SCIM receiver, from the agent's configuration.
public struct SCIMSettings: Sendable {
    /// The externally visible base URL (`https://host`), prefix of every `Location` and
    /// `meta.location`. When nil, the request's `Host` header is used (with `http://`), falling
    /// back to `fallbackBaseURL`.
    public var publicBaseURL: String?
    /// Base URL used when neither `publicBaseURL` nor a usable `Host` header is available.
    public var fallbackBaseURL: String
    /// Largest page a list returns (`filter.maxResults` in ServiceProviderConfig).
    public var maxResults = 200
    /// Largest request body parsed (matches the HTTP server's body limit).
    public var maxBodyBytes = 1024 * 1024
    /// Sustained SCIM requests per second allowed per connection.
    public var requestsPerSecond = 200.0
    /// Burst of SCIM requests allowed per connection.
    public var requestBurst = 400.0
    /// Failed authentications allowed per client address per minute before `429`.
    public var failedAuthenticationsPerMinute = 30.0

    /// Creates settings with the defaults above.
    public init(publicBaseURL: String?, fallbackBaseURL: String = "http://127.0.0.1:8080") {
        self.publicBaseURL = publicBaseURL
        self.fallbackBaseURL = fallbackBaseURL
    }
}
