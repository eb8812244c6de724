import Crypto

/// How the Okta client authenticates (okta-protocol.md C2): an SSWS API token, or an OAuth 2.0
/// service app whose access tokens are obtained with `private_key_jwt` client credentials.
public enum OktaCredential: Sendable {
    /// `Authorization: SSWS <token>`. Kept in memory only.
    case apiToken(String)
    /// `Authorization: Bearer <access token>` from the org authorization server.
    case serviceApp(OktaServiceApp)
}

/// An Okta OAuth 2.0 service app (API Services app) that authenticates with a private key
/// (RFC 7523 §2.2 client assertion; Okta allows only `private_key_jwt` for Okta-scoped tokens).
public struct OktaServiceApp: Sendable {
    /// The scopes the reconciler needs: read users, groups and apps (okta-protocol.md C2).
    public static let defaultScopes = ["okta.users.read", "okta.groups.read", "okta.apps.read"]

    /// The app's client id (`0oa…`): the assertion's `iss` and `sub`.
    public var clientID: String
    /// The private key whose public JWK is registered with the app. Never logged or stored.
    public var signingKey: SigningKey
    /// The `kid` of the registered public key, sent in the assertion header when set.
    public var keyID: String?
    /// The scopes requested.
    public var scopes: [String]

    /// A service app with the default scopes.
    public init(clientID: String, signingKey: SigningKey, keyID: String? = nil, scopes: [String] = defaultScopes) {
        self.clientID = clientID
        self.signingKey = signingKey
        self.keyID = keyID
        self.scopes = scopes
    }
}
