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
        let value = values[0]
        guard value.count > 7, value.prefix(7).lowercased() == "bearer " else { return nil }
        let token = value.dropFirst(7).trimmingCharacters(in: .whitespaces)
        // b64token charset (RFC 6750 §2.1); anything else cannot be one of ours.
        guard !token.isEmpty, token.utf8.count <= 512,
            token.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || "-._~+/=".utf8.contains(byte)
            })
        else { return nil }
        return token
    }
}
