/// One outgoing HTTP GET: URL, header fields, limits. TLS verification is not an option: it is
/// always on (hardening.md §1.4, API10).
public struct HTTPClientRequest: Sendable, Equatable {
    /// Absolute `http://` or `https://` URL.
    public var url: String
    /// Request header fields in order, e.g. `("Accept", "application/json")`.
    public var headers: [HTTPClientHeader]
    /// Time allowed to establish the connection (TCP + TLS).
    public var connectTimeout: Duration
    /// Time allowed for the whole transfer, connection included.
    public var timeout: Duration
    /// Largest response body accepted; larger bodies fail with ``CurlError/Kind/responseTooLarge``.
    public var maxResponseBytes: Int

    /// A GET of `url`.
    public init(
        url: String, headers: [HTTPClientHeader] = [], connectTimeout: Duration = .seconds(10),
        timeout: Duration = .seconds(60), maxResponseBytes: Int = 16 * 1024 * 1024
    ) {
        self.url = url
        self.headers = headers
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }
}

/// One header field.
public struct HTTPClientHeader: Sendable, Equatable {
    /// Field name as sent or received.
    public var name: String
    /// Field value without surrounding whitespace.
    public var value: String

    /// Creates a field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
