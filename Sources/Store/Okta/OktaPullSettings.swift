import Core
import Foundation

/// Where the Okta pull of one connection reads from: the org, the app, and where the SSWS API
/// token or the service app's private key is kept (okta-protocol.md C2). Never the secret itself.
public struct OktaPullSettings: Sendable, Equatable {
    /// Where the credential is read from at run time.
    public enum TokenSource: Sendable, Equatable {
        /// The named environment variable of the running process.
        case environment(String)
        /// The file at this path (its content, trimmed of surrounding whitespace).
        case file(String)
        /// An OAuth 2.0 service app (okta-protocol.md C2): its client id, the path of its PEM
        /// private key, and the `kid` of the registered public key.
        case serviceApp(clientID: String, privateKeyFile: String, keyID: String?)
    }

    /// The owning tenant.
    public var tenant: TenantName
    /// The connection pulled for.
    public var connectionID: String
    /// The org's base URL, normalised to its origin, e.g. `https://acme.okta.com`.
    public var orgURL: String
    /// The Okta app id (`0oa…`) whose users and pushed groups are reconciled.
    public var appID: String
    /// Where the API token is kept.
    public var tokenSource: TokenSource
    /// When the settings were first written.
    public var createdAt: Date
    /// When they were last written.
    public var updatedAt: Date

    /// Creates settings.
    public init(
        tenant: TenantName, connectionID: String, orgURL: String, appID: String, tokenSource: TokenSource,
        createdAt: Date, updatedAt: Date
    ) {
        self.tenant = tenant
        self.connectionID = connectionID
        self.orgURL = orgURL
        self.appID = appID
        self.tokenSource = tokenSource
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
