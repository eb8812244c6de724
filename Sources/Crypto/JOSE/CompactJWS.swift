/// A JWS in the compact serialization (RFC 7515 §7.1):
/// `BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature)`.
public struct CompactJWS: Sendable, Equatable {
    /// The JOSE header's JSON bytes (RFC 7515 §4).
    public var header: [UInt8]
    /// The payload bytes (for a JWT, the claims JSON, RFC 7519 §7.1).
    public var payload: [UInt8]
    /// The signature bytes.
    public var signature: [UInt8]
    /// `BASE64URL(header) '.' BASE64URL(payload)` exactly as received or produced, the JWS
    /// Signing Input (RFC 7515 §5.1 step 5).
    public var signingInput: String

    /// Signs `payload` under `header` (both JSON bytes; the header should name `key.algorithm`).
    public static func sign(header: [UInt8], payload: [UInt8], with key: SigningKey) throws(JOSEError) -> CompactJWS {
        let input = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        return CompactJWS(
            header: header, payload: payload, signature: try key.sign(Array(input.utf8)), signingInput: input)
    }

    /// Parses a compact serialization; does not verify it.
    public init(parsing text: String) throws(JOSEError) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformedJWS("expected three base64url parts") }
        guard let header = Base64URL.decode(String(parts[0])), let payload = Base64URL.decode(String(parts[1])),
            let signature = Base64URL.decode(String(parts[2]))
        else { throw .malformedJWS("a part is not base64url") }
        self.init(header: header, payload: payload, signature: signature, signingInput: "\(parts[0]).\(parts[1])")
    }

    private init(header: [UInt8], payload: [UInt8], signature: [UInt8], signingInput: String) {
        self.header = header
        self.payload = payload
        self.signature = signature
        self.signingInput = signingInput
    }

    /// The compact serialization.
    public var serialized: String { signingInput + "." + Base64URL.encode(signature) }

    /// Whether the signature over ``signingInput`` is valid under `key`. The caller must also
    /// check that the header's `alg` is `key.algorithm` (RFC 8725 §3.1: never let the token pick).
    public func isValid(under key: VerificationKey) -> Bool {
        key.verify(signature, for: Array(signingInput.utf8))
    }
}
