import Core
import Crypto

/// A fully parsed and validated command line: what `roster` was asked to do.
///
/// Parsing (``CommandLineParser``) only produces values of this type; running them is the job
/// of ``CommandRunner``. Keeping the two apart lets tests check every usage error without
/// touching a database (style.md §8.12).
public struct Invocation: Sendable, Equatable {
    /// Options every command accepts.
    public var global: GlobalOptions
    /// The command itself.
    public var command: Command
}

/// Options every command accepts (design.md "Interfaces").
public struct GlobalOptions: Sendable, Equatable {
    /// `--db PATH`: overrides the config's `database` (default `./roster.db`).
    public var databasePath: String?
    /// `--config FILE`: the JSON configuration file.
    public var configPath: String?
    /// `--json`: print one JSON document instead of a human table.
    public var json: Bool = false

    /// Creates empty global options.
    public init(databasePath: String? = nil, configPath: String? = nil, json: Bool = false) {
        self.databasePath = databasePath
        self.configPath = configPath
        self.json = json
    }
}

/// Which token `token create` makes.
public enum TokenTarget: Sendable, Equatable {
    /// A SCIM token for the connection with this id or name.
    case connection(String)
    /// A read-API token for the platform.
    case platform
}

/// The commands `roster` understands.
public enum Command: Sendable, Equatable {
    /// Print help for a topic (empty = overview).
    case help(topic: [String])
    /// `serve [--listen HOST:PORT]`: receiver and scheduler.
    case serve(listen: String?)
    /// `tenant create NAME`.
    case tenantCreate(TenantName)
    /// `tenant list`.
    case tenantList
    /// `connection create TENANT --name NAME [--idp okta|entra|generic]`.
    case connectionCreate(tenant: TenantName, name: String, idp: IdentityProvider)
    /// `connection list [TENANT]`.
    case connectionList(tenant: TenantName?)
    /// `token create TENANT CONNECTION` or `token create TENANT --platform`.
    case tokenCreate(tenant: TenantName, target: TokenTarget)
    /// `token list TENANT`.
    case tokenList(tenant: TenantName)
    /// `token revoke TENANT TOKEN-ID`.
    case tokenRevoke(tenant: TenantName, tokenID: String)
    /// `version` or `--version`: version, schema version, build info.
    case version
    /// `config check`: validates the configuration without starting anything.
    case configCheck
    /// `backup --out FILE [--force]`: a consistent online copy of the database.
    case backup(out: String, force: Bool)
    /// `restore --from FILE`: replaces the database with a verified backup.
    case restore(from: String)
    /// `tls self-signed --out DIR --host NAME [--key ec|rsa] [--force]`: a trial certificate pair.
    case tlsSelfSigned(out: String, host: String, keyType: SelfSignedCertificate.KeyType, force: Bool)
}
