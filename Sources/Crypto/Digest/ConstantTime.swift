internal import COpenSSL

/// Comparisons whose duration does not depend on where two secrets differ.
///
/// `==` on arrays or strings stops at the first differing byte, which leaks how much of a guess
/// was right (hardening.md §1.8). OpenSSL's `CRYPTO_memcmp`
/// (https://www.openssl.org/docs/man3.0/man3/CRYPTO_memcmp.html) always reads every byte.
public enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes, in time depending only on their length.
    ///
    /// A length mismatch returns `false` at once: lengths are public (digests are always 32 bytes),
    /// so this leaks nothing secret.
    public static func equals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.isEmpty { return true }
        return withContiguousBytes(lhs) { left in
            withContiguousBytes(rhs) { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }
}
