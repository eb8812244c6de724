// SPDX-License-Identifier: MIT

/// A response produced by a responder; the server adds `Content-Length`, `Date` and `Connection`.
public struct HTTPResponse: Sendable {
    /// The status line's code and reason.
    public var status: HTTPStatus
    /// Header fields; a `Content-Length` set here is replaced by the real body length.
    public var headers: HTTPHeaders
    /// The content. Dropped on the wire for HEAD requests and 204 responses (RFC 9110 §9.3.2, §15.3.5).
    public var body: [UInt8]
    /// Facts about the request for the request log and metrics (e.g. the SCIM operation and
    /// resource id), set by handlers and read by wrapping responders. Never sent on the wire.
    public var annotations: [(key: String, value: String)] = []

    /// Creates a response.
    public init(status: HTTPStatus, headers: HTTPHeaders = .init(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of annotation `key`, if set.
    public func annotation(_ key: String) -> String? {
        annotations.first { $0.key == key }?.value
    }

    /// A response whose body is already-encoded JSON bytes.
    public static func json(
        _ status: HTTPStatus,
        _ jsonBody: [UInt8],
        contentType: String = "application/json"
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders("Content-Type", contentType), body: jsonBody)
    }

    /// A plain-text response.
    public static func text(_ status: HTTPStatus, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders("Content-Type", "text/plain; charset=utf-8"), body: Array(text.utf8))
    }

    /// The small JSON error body the server uses for its own errors: `{"error":"...","status":400}`.
    public static func error(_ status: HTTPStatus, message: String? = nil) -> HTTPResponse {
        let text = message ?? status.reason
        return .json(status, Array("{\"error\":\(jsonString(text)),\"status\":\(status.code)}".utf8))
    }

    /// Encodes `s` as a JSON string literal (RFC 8259 §7), escaping quotes, backslashes and controls.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
