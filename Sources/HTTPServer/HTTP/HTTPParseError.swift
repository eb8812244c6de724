// SPDX-License-Identifier: MIT

/// Why the decoder refused a request; the connection answers `status` and closes, because after a
/// framing error the message boundaries can no longer be trusted (RFC 9112 §6.3, §11.2).
public struct HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The status to answer with (400, 413, 414, 417, 431 or 505).
    public let status: HTTPStatus
    /// A short reason for logs, e.g. `"duplicate content-length"`.
    public let reason: String

    /// Creates an error.
    init(_ status: HTTPStatus, _ reason: String) {
        self.status = status
        self.reason = reason
    }

    /// A 400 with `reason`.
    static func bad(_ reason: String) -> HTTPParseError { HTTPParseError(.badRequest, reason) }

    /// `"<code> <reason>"`.
    public var description: String { "\(status.code) \(reason)" }
}

/// How the request body is delimited (RFC 9112 §6.3).
public enum HTTPBodyFraming: Equatable, Sendable {
    /// No content: neither `Content-Length` nor `Transfer-Encoding`.
    case none
    /// Exactly this many bytes follow the head.
    case length(Int)
    /// `Transfer-Encoding: chunked` (RFC 9112 §7.1).
    case chunked
}

/// A parsed request head, delivered before the body so the connection can answer
/// `100 Continue` or switch to the body-read clock.
public struct HTTPRequestHead: Sendable {
    /// The request as far as known; its body is empty.
    public var request: HTTPRequest
    /// How the body is framed.
    public var framing: HTTPBodyFraming
    /// Whether the client sent `Expect: 100-continue` (RFC 9110 §10.1.1) on HTTP/1.1.
    public var expectsContinue: Bool
    /// Whether the connection may be reused after this request (RFC 9112 §9.3).
    public var keepAlive: Bool
}
