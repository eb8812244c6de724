import Crypto

/// An OAuth 2.0 service app registered with a ``FakeOkta`` (okta-protocol.md C2): the client
/// id, the public JWK its assertions must verify under, the scopes a super admin granted, the
/// lifetime of issued access tokens, and whether it holds an admin role.
public struct FakeOktaServiceApp: Sendable {
    /// The client id (`iss` and `sub` of the assertion).
    public var clientID: String
    /// The registered public key.
    public var publicKey: JSONWebKey
    /// Scopes granted to the app; a request for any other gets `invalid_scope`.
    public var grantedScopes: Set<String>
    /// `expires_in` of issued access tokens (Okta: 3600, fixed).
    public var expiresIn: Int
    /// Whether the app was given an admin role; without one every API call gets 403 `E0000006`.
    public var hasAdminRole: Bool
    /// Whether the app may use the client credentials grant (else `unauthorized_client`).
    public var allowsClientCredentials = true
    /// Whether the app requires a DPoP proof on token requests (else `invalid_dpop_proof`).
    public var requiresDPoP = false

    /// A service app with all reconciler scopes, 1-hour tokens and an admin role.
    public init(
        clientID: String, publicKey: JSONWebKey,
        grantedScopes: Set<String> = ["okta.users.read", "okta.groups.read", "okta.apps.read"], expiresIn: Int = 3600,
        hasAdminRole: Bool = true
    ) {
        self.clientID = clientID
        self.publicKey = publicKey
        self.grantedScopes = grantedScopes
        self.expiresIn = expiresIn
        self.hasAdminRole = hasAdminRole
    }
}
