/// The JWS signature algorithms Roster signs and verifies with (RFC 7518 §3.1 names).
public enum JWSAlgorithm: String, Sendable, Equatable, CaseIterable {
    /// RSASSA-PKCS1-v1_5 using SHA-256 (RFC 7518 §3.3); keys of at least 2048 bits.
    case rs256 = "RS256"
    /// ECDSA using P-256 and SHA-256 (RFC 7518 §3.4); the signature is the 64-byte `R || S`.
    case es256 = "ES256"
}
