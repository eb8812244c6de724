/// One outgoing HTTP request (a GET, or a POST with a body): URL, header fields, limits. TLS
/// verification is not an option: it is always on (hardening.md §1.4, API10).
public struct HTTPClientRequest: Sendable, Equatable {
    /// The request methods the client sends.
    public enum Method: String, Sendable, Equatable {
        /// GET without a body.
        case get = "GET"
        /// POST with ``HTTPClientRequest/body`` (e.g. an OAuth token request, RFC 6749 §4.4.2).
        case post = "POST"
    }

    /// GET or POST.
    public var method: Method = .get
    /// The POST body; its `Content-Type` goes in ``headers``.
    public var body: [UInt8] = []
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

    /// A POST of `body` to `url`.
    public static func post(
        url: String, headers: [HTTPClientHeader] = [], body: [UInt8], connectTimeout: Duration = .seconds(10),
        timeout: Duration = .seconds(60), maxResponseBytes: Int = 1024 * 1024
    ) -> HTTPClientRequest {
        var request = HTTPClientRequest(
            url: url, headers: headers, connectTimeout: connectTimeout, timeout: timeout,
            maxResponseBytes: maxResponseBytes)
        request.method = .post
        request.body = body
        return request
    }

    /// An `application/x-www-form-urlencoded` body (the WHATWG URL Standard's serializer, which
    /// RFC 6749 Appendix B refers to): names and values percent-encoded, `&`-joined.
    public static func formBody(_ fields: [(String, String)]) -> [UInt8] {
        // Unreserved characters stay; everything else, spaces included, is %XX.
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._*".utf8)
        func encode(_ text: String) -> String {
            var out = ""
            for byte in text.utf8 {
                if unreserved.contains(byte) {
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    out += "%" + String(byte, radix: 16, uppercase: true).leftPadded()
                }
            }
            return out
        }
        return Array(fields.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&").utf8)
    }
}

extension String {
    fileprivate func leftPadded() -> String { count == 1 ? "0" + self : self }
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
