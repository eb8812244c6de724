import Core
import Crypto
import Foundation

/// The client assertion of a `private_key_jwt` token request: a JWT (RFC 7519) signed with the
/// service app's key (RFC 7515 compact JWS), with the claims RFC 7523 §3 and Okta require
/// (okta-protocol.md C2): `iss` = `sub` = client id, `aud` = the token endpoint, a short `exp`,
/// `iat`, and a unique `jti` so a captured assertion cannot be replayed.
public enum OktaClientAssertion {
    /// The `client_assertion_type` for a JWT bearer assertion (RFC 7523 §2.2).
    public static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// A signed assertion for `app` at `tokenEndpoint`, valid from `now` for `lifetime` seconds
    /// (at most 5 minutes; Okta accepts up to an hour).
    public static func make(
        for app: OktaServiceApp, tokenEndpoint: String, now: Date, lifetime: TimeInterval = 300
    ) throws -> String {
        var header: [String: JSONValue] = [
            "alg": .string(app.signingKey.algorithm.rawValue), "typ": .string("JWT"),
        ]
        if let keyID = app.keyID { header["kid"] = .string(keyID) }
        let issuedAt = now.timeIntervalSince1970.rounded(.down)
        let claims: [String: JSONValue] = [
            "iss": .string(app.clientID), "sub": .string(app.clientID), "aud": .string(tokenEndpoint),
            "iat": .number(issuedAt), "exp": .number(issuedAt + min(lifetime, 300)),
            // 128 random bits (RFC 7519 §4.1.7: collision-resistant).
            "jti": .string(try SecureRandom.hex(byteCount: 16)),
        ]
        return try CompactJWS.sign(
            header: Array(JSONValue.object(header).serializedString().utf8),
            payload: Array(JSONValue.object(claims).serializedString().utf8), with: app.signingKey
        ).serialized
    }
}
