// SPDX-License-Identifier: MIT

/// A complete, framed HTTP request as handed to a responder.
///
/// The body is fully read (bounded by ``HTTPServerLimits/maxBodyBytes``) before the responder runs,
/// so handlers never see partial framing.
public struct HTTPRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The raw request-target as received (RFC 9112 §3.2).
    public var target: String
    /// The path component of the target, without the query; percent-decoding is *not* applied so that
    /// an encoded `/` (`%2F`) cannot change how the router splits segments.
    public var path: String
    /// The query component without the `?`, or `nil` when the target has none.
    public var query: String?
    /// The protocol version, `"HTTP/1.1"` or `"HTTP/1.0"`.
    public var version: String
    /// The header fields in received order.
    public var headers: HTTPHeaders
    /// The request content, de-chunked when it arrived with `Transfer-Encoding: chunked`.
    public var body: [UInt8]
    /// The peer address as `host:port` (`[v6]:port` for IPv6), when known.
    public var remoteAddress: String?
    /// The id a responder wrapping the router assigned to this request (for logs and audit
    /// events), if any. Kept apart from ``headers`` so that tagging a request does not copy its
    /// header list.
    public var requestID: String?

    /// Creates a request, splitting `target` into ``path`` and ``query``.
    ///
    /// An absolute-form target (`http://host/path?q`, RFC 9112 §3.2.2) yields its path; `*` stays `*`.
    public init(
        method: HTTPMethod,
        target: String,
        version: String = "HTTP/1.1",
        headers: HTTPHeaders = .init(),
        body: [UInt8] = [],
        remoteAddress: String? = nil
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        (self.path, self.query) = Self.split(target: target)
    }

    /// Splits a request-target into path and query (RFC 9112 §3.2).
    static func split(target: String) -> (path: String, query: String?) {
        var rest = Substring(target)
        if !rest.hasPrefix("/"), let scheme = rest.firstRange(of: "://") {
            // absolute-form: drop scheme and authority (RFC 9112 §3.2.2).
            let afterAuthority = rest[scheme.upperBound...]
            if let slash = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }) {
                rest = afterAuthority[slash...]
            } else {
                rest = "/"
            }
            if rest.hasPrefix("?") { rest = "/" + rest }
        }
        // Searched as bytes: a Character search would run grapheme breaking over every target.
        if let mark = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
            return (String(rest[..<mark]), String(rest[rest.utf8.index(after: mark)...]))
        }
        return (String(rest), nil)
    }

    /// The body decoded as UTF-8 (invalid sequences replaced), for handlers that want text.
    public var bodyString: String { String(decoding: body, as: UTF8.self) }

    /// Whether the client asked to keep the connection open after this request (RFC 9112 §9.3):
    /// HTTP/1.1 persists unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    public var wantsKeepAlive: Bool {
        let tokens = headers.values(for: "Connection").flatMap { $0.split(separator: ",") }
            .map { $0.trimmingSpaces.lowercased() }
        if version == "HTTP/1.0" { return tokens.contains("keep-alive") }
        return !tokens.contains("close")
    }
}

extension Substring {
    /// The substring without leading and trailing SP/HTAB (OWS, RFC 9110 §5.6.3).
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
