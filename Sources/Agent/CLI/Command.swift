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
    /// `--log-format json|text` (serve only): overrides the config's `logFormat`.
    public var logFormat: String?

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
    /// `audit TENANT [--user ID | --user-name NAME] [--team ID] [--since TIME] [--limit N]`.
    case audit(tenant: TenantName, filter: AuditFilter)
    /// `access TENANT --at TIME [--user-name NAME]`.
    case access(tenant: TenantName, at: String, userName: String?)
    /// `rejected TENANT [--limit N]`.
    case rejected(tenant: TenantName, limit: Int)
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
    /// `okta configure TENANT CONNECTION --org URL --app APP-ID (--token-env VAR | --token-file PATH |
    /// --client-id ID --private-key-file PATH [--key-id KID])`.
    case oktaConfigure(tenant: TenantName, connection: String, org: String, app: String, token: OktaTokenOption)
    /// `okta keygen --out DIR [--kind rsa|ec]`: a service-app key pair; prints the public JWK.
    case oktaKeygen(out: String, kind: String)
    /// `reconcile [TENANT CONNECTION | --all] [--dry-run] [--force]`.
    case reconcile(target: ReconcileTarget, dryRun: Bool, force: Bool)
    /// `tls self-signed --out DIR --host NAME [--key ec|rsa] [--force]`: a trial certificate pair.
    case tlsSelfSigned(out: String, host: String, keyType: SelfSignedCertificate.KeyType, force: Bool)
    /// `report [--since 24h] [--format text|json|html] [--send]`.
    case report(since: Duration, format: ReportFormat, send: Bool)
}

/// How `roster report` prints the report.
public enum ReportFormat: String, Sendable, Equatable {
    /// For a terminal (the default).
    case text
    /// One JSON document (field names in the README).
    case json
    /// The e-mail's HTML, e.g. `> report.html` to look at it in a browser.
    case html
}

/// Where `okta configure` is told the API token or service-app key lives (never the secret).
public enum OktaTokenOption: Sendable, Equatable {
    /// `--token-env VAR`.
    case environment(String)
    /// `--token-file PATH`.
    case file(String)
    /// `--client-id ID --private-key-file PATH [--key-id KID]`: an OAuth 2.0 service app.
    case serviceApp(clientID: String, privateKeyFile: String, keyID: String?)
}

/// Which connections `reconcile` runs for.
public enum ReconcileTarget: Sendable, Equatable {
    /// One connection (id or name) of a tenant.
    case connection(tenant: TenantName, connection: String)
    /// Every connection with Okta pull settings (`--all`).
    case all
}

/// The filters of `roster audit`.
public struct AuditFilter: Sendable, Equatable {
    /// `--user ID`.
    public var userID: String?
    /// `--user-name NAME`.
    public var userName: String?
    /// `--team ID`.
    public var teamID: String?
    /// `--since TIME` as given (RFC 3339 or a duration such as `24h`, `7d`).
    public var since: String?
    /// `--limit N` (default 1000).
    public var limit = 1000

    /// Creates a filter.
    public init(userID: String? = nil, userName: String? = nil, teamID: String? = nil, since: String? = nil, limit: Int = 1000) {
        self.userID = userID
        self.userName = userName
        self.teamID = teamID
        self.since = since
        self.limit = limit
    }
}
