internal import COpenSSL

/// Cryptographically secure random bytes and the identifiers Roster derives from them.
///
/// Bytes come from OpenSSL's CSPRNG, `RAND_bytes`
/// (https://www.openssl.org/docs/man3.0/man3/RAND_bytes.html), which is seeded from the
/// operating system and is safe to call from any thread.
public enum SecureRandom {
    /// The prefix of Roster bearer tokens. A recognisable prefix lets secret scanners find leaked
    /// tokens and lets the server reject obvious garbage without touching the database.
    public static let tokenPrefix = "rst_"

    /// `count` random bytes.
    /// - Throws: ``CryptoError/randomUnavailable(_:)`` if OpenSSL cannot produce secure bytes
    ///   (e.g. its entropy source failed); callers must not fall back to a weaker generator.
    public static func bytes(count: Int) throws(CryptoError) -> [UInt8] {
        precondition(count >= 0, "negative byte count")
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return bytes }
        let status = bytes.withUnsafeMutableBufferPointer { buffer in
            RAND_bytes(buffer.baseAddress, Int32(buffer.count))
        }
        guard status == 1 else { throw .randomUnavailable(CryptoError.lastOpenSSLError()) }
        return bytes
    }

    /// A new bearer token: `prefix` followed by base64url (unpadded) of 32 random bytes, i.e.
    /// 256 bits of entropy as RFC 7644 §7.4 and hardening.md §1.8 ask. With the default prefix it
    /// looks like `rst_` + 43 characters.
    public static func token(prefix: String = tokenPrefix) throws(CryptoError) -> String {
        prefix + Base64URL.encode(try bytes(count: 32))
    }

    /// `length` random characters from `a-z0-9`, each uniformly distributed.
    ///
    /// Uniformity: a random byte modulo 36 would favour the first 4 symbols (256 = 7·36 + 4), so
    /// bytes ≥ 252 are rejected and redrawn (rejection sampling).
    public static func identifier(length: Int) throws(CryptoError) -> String {
        precondition(length >= 0, "negative identifier length")
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        let limit = UInt8(256 - 256 % alphabet.count)  // 252: largest multiple of 36 ≤ 256
        var output: [UInt8] = []
        output.reserveCapacity(length)
        while output.count < length {
            // Draw a little more than needed: about 1.6% of bytes are rejected.
            for byte in try bytes(count: length - output.count + 4) where byte < limit {
                output.append(alphabet[Int(byte) % alphabet.count])
                if output.count == length { break }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `byteCount` random bytes as lowercase hex (`2 × byteCount` characters), e.g. for token ids.
    public static func hex(byteCount: Int) throws(CryptoError) -> String {
        Hex.encode(try bytes(count: byteCount))
    }
}
