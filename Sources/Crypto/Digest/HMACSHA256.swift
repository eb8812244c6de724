internal import COpenSSL

/// HMAC-SHA-256 (RFC 2104, FIPS 198-1) through OpenSSL's one-shot `HMAC`
/// (https://www.openssl.org/docs/man3.0/man3/HMAC.html).
///
/// Used where a keyed digest is needed, e.g. a server-side pepper for token digests
/// (hardening.md §1.8) or signing opaque cursors.
public enum HMACSHA256 {
    /// Authentication code length in bytes.
    public static let byteCount = 32

    /// The HMAC-SHA-256 of `message` under `key`. Keys longer than the 64-byte block are hashed
    /// first, as RFC 2104 §2 specifies; OpenSSL does this itself.
    public static func authenticate(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        // HMAC() rejects a NULL key even with length 0, so an empty key is passed as a valid
        // one-byte buffer with length 0 (RFC 2104 allows empty keys).
        let keyBytes = Array(key)
        let keyStorage = keyBytes.isEmpty ? [0] : keyBytes
        let result = keyStorage.withUnsafeBufferPointer { keyBuffer in
            withContiguousBytes(message) { messageBuffer in
                mac.withUnsafeMutableBufferPointer { output in
                    HMAC(
                        EVP_sha256(), keyBuffer.baseAddress, Int32(keyBytes.count),
                        messageBuffer.baseAddress, messageBuffer.count, output.baseAddress, &length)
                }
            }
        }
        // HMAC() returns NULL only on internal failure (allocation); a zero MAC must never be used.
        precondition(result != nil && length == UInt32(byteCount), "HMAC(SHA-256) failed")
        return mac
    }

    /// The HMAC-SHA-256 of the UTF-8 bytes of `message` under `key`.
    public static func authenticate(key: some Collection<UInt8>, message: String) -> [UInt8] {
        authenticate(key: key, message: Array(message.utf8))
    }
}
