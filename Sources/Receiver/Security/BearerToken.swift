import Foundation
import HTTPServer

/// Extracts the token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1). Tokens are
/// accepted only in that header, never in the query string (RFC 6750 §2.3 discouraged; RFC 7644
/// §7.4).
enum BearerToken {
    /// The token, or nil when the header is missing, not Bearer, or malformed.
    static func extract(from request: HTTPRequest) -> String? {
        let values = request.headers.values(for: "Authorization")
        guard values.count == 1 else { return nil }
        let bytes = Array(values[0].utf8)
        // "Bearer" is case-insensitive (RFC 9110 §11.1), followed by one or more spaces.
        let scheme = Array("bearer".utf8)
        guard bytes.count > scheme.count + 1 else { return nil }
        for index in 0..<scheme.count where bytes[index] | 0x20 != scheme[index] { return nil }
        var start = scheme.count
        guard bytes[start] == UInt8(ascii: " ") else { return nil }
        while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
        var end = bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        // b64token charset (RFC 6750 §2.1); anything else cannot be one of ours.
        guard end > start, end - start <= 512 else { return nil }
        for byte in bytes[start..<end] {
            let isAlphanumeric =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            guard isAlphanumeric || "-._~+/=".utf8.contains(byte) else { return nil }
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
