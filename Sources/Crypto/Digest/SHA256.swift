internal import COpenSSL

/// SHA-256 (FIPS 180-4) through OpenSSL's libcrypto.
///
/// Roster stores only the SHA-256 digest of each bearer token (hardening.md §1.8): tokens carry
/// 256 bits of randomness, so a fast unsalted hash is enough and keeps authentication cheap.
/// The digest is computed by OpenSSL's one-shot `EVP_Digest`
/// (https://www.openssl.org/docs/man3.0/man3/EVP_Digest.html), never by hand-written code.
public enum SHA256 {
    /// Digest length in bytes.
    public static let byteCount = 32

    /// The SHA-256 implementation, fetched from the default provider once. Passing `EVP_sha256()`
    /// instead makes OpenSSL 3 look the implementation up again on every call ("implicit
    /// fetching", https://docs.openssl.org/3.0/man7/crypto/#explicit-fetching), which showed up
    /// as a measurable share of every authenticated request. Falls back to `EVP_sha256()` if the
    /// fetch fails.
    ///
    /// `nonisolated(unsafe)`: a fetched `EVP_MD` is immutable and reference-counted by OpenSSL,
    /// which documents sharing it between threads as safe (https://docs.openssl.org/3.0/man7/crypto/
    /// "Threads"); this reference is written once, by the lazy static initialiser, and never freed.
    nonisolated(unsafe) private static let algorithm: OpaquePointer? = EVP_MD_fetch(nil, "SHA2-256", nil)

    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let status = withContiguousBytes(bytes) { input in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, algorithm ?? EVP_sha256(), nil)
            }
        }
        // EVP_Digest only fails on allocation failure inside OpenSSL; continuing with a zero
        // digest would silently weaken authentication, so this is a programming/environment error.
        precondition(status == 1 && length == UInt32(byteCount), "EVP_Digest(SHA-256) failed")
        return digest
    }

    /// The SHA-256 digest of the UTF-8 bytes of `text`.
    public static func hash(_ text: String) -> [UInt8] {
        var text = text  // withUTF8 hashes the string's own bytes (no copy for native strings)
        return text.withUTF8 { hash($0) }
    }

    /// The SHA-256 digest of `bytes` as 64 lowercase hexadecimal digits.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        Hex.encode(hash(bytes))
    }

    /// The SHA-256 digest of the UTF-8 bytes of `text` as 64 lowercase hexadecimal digits.
    public static func hex(_ text: String) -> String {
        Hex.encode(hash(text))
    }
}

/// Runs `body` over a contiguous copy of `bytes` (or the storage itself when it is contiguous).
/// OpenSSL accepts a NULL pointer with a zero length, so empty input is fine.
func withContiguousBytes<R>(
    _ bytes: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> R
) rethrows -> R {
    if let result = try bytes.withContiguousStorageIfAvailable(body) { return result }
    return try Array(bytes).withUnsafeBufferPointer(body)
}
