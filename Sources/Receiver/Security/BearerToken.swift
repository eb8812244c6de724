import Core
import Foundation
import HTTPServer

/// Extracts the token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1). Tokens are
/// accepted only in that header, never in the query string (RFC 6750 §2.3 discouraged; RFC 7644
/// §7.4).
enum BearerToken {
    /// The token, or nil when the header is missing, not Bearer, or malformed.
    static func extract(from request: HTTPRequest) -> String? {
        guard var value = request.headers.singleValue(for: "Authorization") else { return nil }
        // Scanned in place over the header's UTF-8 (every authenticated request comes here).
        return value.withUTF8 { bytes -> String? in
            // "Bearer" is case-insensitive (RFC 9110 §11.1), followed by one or more spaces.
            let scheme: StaticString = "bearer"
            guard bytes.count > scheme.utf8CodeUnitCount + 1 else { return nil }
            for index in 0..<scheme.utf8CodeUnitCount where bytes[index] | 0x20 != scheme.utf8Start[index] {
                return nil
            }
            var start = scheme.utf8CodeUnitCount
            guard bytes[start] == UInt8(ascii: " ") else { return nil }
            while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
            var end = bytes.count
            while end > start, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
            // b64token charset (RFC 6750 §2.1); anything else cannot be one of ours.
            guard end > start, end - start <= 512 else { return nil }
            for byte in bytes[start..<end] where !isTokenByte(byte) { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    /// Whether `byte` may appear in a b64token: `ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" /
    /// "/"` and trailing `=` (RFC 6750 §2.1).
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "a")...UInt8(ascii: "z"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "+"),
            UInt8(ascii: "/"), UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }

    /// The request-rate bucket key of `secret`, computed without SHA-256 and without a database
    /// trip: Swift's string hash, SipHash keyed with a random seed per process, in radix 32 (at
    /// most 13 characters, so an inline small string that needs no allocation). Nobody can find
    /// another client's key without that client's token, and 64 bits make two tokens sharing a
    /// budget vanishingly unlikely. Keys mean nothing outside this process, and need not.
    static func limiterKey(of secret: String) -> String {
        RadixText.string(UInt64(UInt(bitPattern: secret.hashValue)), bitsPerDigit: 5)
    }
}
