import Foundation

/// A public JSON Web Key (RFC 7517) for an RSA (RFC 7518 §6.3.1: `n`, `e`) or EC P-256
/// (RFC 7518 §6.2.1: `crv`, `x`, `y`) signing key, with the optional `kid`, `alg` and `use`
/// members (RFC 7517 §4.2–4.5). Private members are never encoded.
public struct JSONWebKey: Sendable, Equatable {
    /// `kty`: `RSA` or `EC` (RFC 7517 §4.1).
    public var keyType: String
    /// RSA modulus, base64url of the unsigned big-endian bytes (RFC 7518 §6.3.1.1).
    public var n: String?
    /// RSA public exponent, base64url (RFC 7518 §6.3.1.2), e.g. `AQAB`.
    public var e: String?
    /// EC curve, `P-256` (RFC 7518 §6.2.1.1).
    public var curve: String?
    /// EC x coordinate, base64url of the full 32 bytes (RFC 7518 §6.2.1.2).
    public var x: String?
    /// EC y coordinate, base64url of the full 32 bytes (RFC 7518 §6.2.1.3).
    public var y: String?
    /// `kid` (RFC 7517 §4.5).
    public var keyID: String?
    /// `alg` (RFC 7517 §4.4): `RS256` or `ES256`.
    public var algorithm: String?
    /// `use` (RFC 7517 §4.2): `sig`.
    public var use: String?

    /// An RSA public key from its big-endian modulus and exponent.
    public init(rsaModulus: [UInt8], exponent: [UInt8], keyID: String? = nil) {
        keyType = "RSA"
        n = Base64URL.encode(rsaModulus)
        e = Base64URL.encode(exponent)
        self.keyID = keyID
        algorithm = JWSAlgorithm.rs256.rawValue
        use = "sig"
    }

    /// A P-256 public key from its 32-byte coordinates.
    public init(p256X: [UInt8], y: [UInt8], keyID: String? = nil) {
        keyType = "EC"
        curve = "P-256"
        x = Base64URL.encode(p256X)
        self.y = Base64URL.encode(y)
        self.keyID = keyID
        algorithm = JWSAlgorithm.es256.rawValue
        use = "sig"
    }

    /// Parses a JWK JSON object; private members (`d`, …) are ignored.
    public init(json: String) throws(JOSEError) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw .invalidJWK("not a JSON object")
        }
        func member(_ name: String) throws(JOSEError) -> String? {
            guard let value = object[name] else { return nil }
            guard let text = value as? String else { throw .invalidJWK("member \(name) is not a string") }
            return text
        }
        guard let keyType = try member("kty") else { throw .invalidJWK("missing kty") }
        self.keyType = keyType
        n = try member("n")
        e = try member("e")
        curve = try member("crv")
        x = try member("x")
        y = try member("y")
        keyID = try member("kid")
        algorithm = try member("alg")
        use = try member("use")
        switch keyType {
        case "RSA" where n != nil && e != nil: break
        case "EC" where curve != nil && x != nil && y != nil: break
        default: throw .invalidJWK("unsupported kty \(keyType) or missing members")
        }
    }

    /// The JWK as compact JSON with a fixed member order: `kty`, then the key members, then
    /// `kid`, `alg` and `use` when present. Values are base64url or plain ASCII names, escaped
    /// anyway.
    public var json: String {
        var members: [(String, String?)] = [("kty", keyType)]
        members += keyType == "RSA" ? [("n", n), ("e", e)] : [("crv", curve), ("x", x), ("y", y)]
        members += [("kid", keyID), ("alg", algorithm), ("use", use)]
        let body = members.compactMap { name, value in value.map { "\"\(name)\":\(Self.quoted($0))" } }
        return "{" + body.joined(separator: ",") + "}"
    }

    /// The RFC 7638 thumbprint: base64url of SHA-256 over the required members in lexicographic
    /// order with no whitespace (§3.2). A stable `kid` for a key.
    public var thumbprint: String {
        let canonical =
            keyType == "RSA"
            ? "{\"e\":\(Self.quoted(e ?? "")),\"kty\":\"RSA\",\"n\":\(Self.quoted(n ?? ""))}"
            : "{\"crv\":\(Self.quoted(curve ?? "")),\"kty\":\"EC\",\"x\":\(Self.quoted(x ?? "")),\"y\":\(Self.quoted(y ?? ""))}"
        return Base64URL.encode(SHA256.hash(canonical))
    }

    /// `text` as a JSON string literal (RFC 8259 §7).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
