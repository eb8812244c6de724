/// Failures of JWS signing, verification, JWK encoding and key handling. Messages name files
/// and reasons, never key material.
public enum JOSEError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A private key could not be read, is encrypted, or is of an unsupported kind or size.
    case unusableKey(String)
    /// A JWK is malformed or describes an unsupported key (RFC 7517 §4, RFC 7518 §6).
    case invalidJWK(String)
    /// A compact JWS is malformed (RFC 7515 §7.1).
    case malformedJWS(String)
    /// OpenSSL failed while signing or generating; carries OpenSSL's reason.
    case openSSL(String)

    /// A human-readable explanation.
    public var description: String {
        switch self {
        case .unusableKey(let reason): "unusable private key: \(reason)"
        case .invalidJWK(let reason): "invalid JWK: \(reason)"
        case .malformedJWS(let reason): "malformed JWS: \(reason)"
        case .openSSL(let reason): "OpenSSL failure: \(reason)"
        }
    }
}
