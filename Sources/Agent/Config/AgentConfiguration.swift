import Foundation
import HTTPServer

/// The agent's configuration: one JSON file, every key optional (design.md "Interfaces").
/// Secrets are never in the file itself, only the names of environment variables or files that
/// hold them.
public struct AgentConfiguration: Sendable, Equatable {
    /// Address `serve` listens on.
    public var listen: ListenAddress = .defaultAddress
    /// The SQLite database file.
    public var databasePath: String = "./roster.db"
    /// The externally visible base URL (e.g. `https://roster.example.com`), used to print SCIM
    /// base URLs; when absent they are built from `listen`.
    public var publicBaseURL: String?
    /// Minimum level of log lines written.
    public var logLevel: LogLevel = .info
    /// `json` (default) or `text`.
    public var logFormat: LogFormat = .json
    /// `stderr` (default) or a file path the log is appended to.
    public var logDestination: String?
    /// `audit.retention`: how long audit events are kept (nil = forever). The latest event of
    /// every subject is always kept.
    public var auditRetention: Duration?
    /// HTTP server limits.
    public var limits = LimitsConfiguration()
    /// Okta pull schedule and safety valve.
    public var reconcile = ReconcileConfiguration()
    /// Nightly report schedule and recipients.
    public var report = ReportConfiguration()
    /// Outgoing mail server, if configured.
    public var smtp: SMTPConfiguration?
    /// Built-in TLS, if configured.
    public var tls: TLSConfiguration?
    /// Scheduled backups run by `serve`, if configured.
    public var backup: BackupConfiguration?

    /// The defaults: everything embedded, nothing required.
    public init() {}

    /// The configured public base URL without a trailing slash, if any.
    public var trimmedPublicBaseURL: String? {
        publicBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// The base URL used for printed SCIM URLs.
    public var effectiveBaseURL: String {
        if let publicBaseURL { return publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL }
        let host = listen.host == "0.0.0.0" || listen.host == "::" ? "127.0.0.1" : listen.host
        let address = ListenAddress(host: host, port: listen.port)
        return "\(tls == nil ? "http" : "https")://\(address)"
    }
}

/// HTTP limits (all optional in the file; defaults follow nginx and style.md §8.6).
public struct LimitsConfiguration: Sendable, Equatable {
    /// Longest request line accepted (414 beyond).
    public var maxRequestLineBytes = 8 * 1024
    /// Largest header block accepted (431 beyond).
    public var maxHeaderBytes = 32 * 1024
    /// Most header fields accepted (431 beyond).
    public var maxHeaderCount = 100
    /// Largest request body accepted (413 beyond).
    public var maxBodyBytes = 1024 * 1024
    /// Time allowed from a request's first byte to the end of its headers.
    public var headerReadTimeout: Duration = .seconds(10)
    /// Time allowed to receive a request body.
    public var bodyReadTimeout: Duration = .seconds(30)
    /// How long an idle keep-alive connection is kept.
    public var idleTimeout: Duration = .seconds(60)
    /// Most simultaneous connections.
    public var maxConnections = 1024
    /// How long a graceful stop waits for in-flight requests.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// Sustained SCIM requests per second per connection (Entra's gallery bar is 25/s per
    /// tenant; the default leaves ample headroom).
    public var scimRequestsPerSecond = 200
    /// SCIM request burst per connection.
    public var scimRequestBurst = 400
    /// Failed authentications per client address per minute before `429`.
    public var failedAuthenticationsPerMinute = 30
    /// Largest page of a SCIM list (`filter.maxResults`).
    public var scimMaxResults = 200
    /// Sustained platform read-API requests per second per platform token (the `/access` check
    /// sits on the platform's sign-in path, hence the generous default).
    public var platformRequestsPerSecond = 2000
    /// Platform read-API request burst per platform token.
    public var platformRequestBurst = 4000
    /// Largest `wait` (seconds) of a change-feed long-poll.
    public var platformMaxWaitSeconds = 30
    /// Most `GET /access` answers kept between two commits; 0 turns the cache off.
    public var platformAccessCacheEntries = 16_384

    /// The defaults.
    public init() {}
}

/// Okta pull settings shared by all connections.
public struct ReconcileConfiguration: Sendable, Equatable {
    /// How often each connection with Okta pull settings is reconciled.
    public var every: Duration = .seconds(3600)
    /// Safety valve: the largest share of a connection's active users one run may deactivate.
    public var maxDeactivationShare = 0.10
    /// Okta users in SUSPENDED: `keep` their access (as Okta does: it sends no deprovision) or
    /// `revoke` it (stricter), okta-protocol.md C5.
    public var suspended = "keep"
    /// Parked memberships older than this are expired (and reported) by a run.
    public var parkedMaxAge: Duration = .seconds(7 * 86400)
    /// The defaults.
    public init() {}
}

/// Nightly report settings.
public struct ReportConfiguration: Sendable, Equatable {
    /// Local time of day the report is sent, `HH:MM`.
    public var at = "02:00"
    /// IANA time zone of `at`.
    public var timeZone = "UTC"
    /// Recipients.
    public var to: [String] = []
    /// `report.alertThrottle`: at most one alert per connection within this time (default 1 h).
    public var alertThrottle: Duration = .seconds(3600)
    /// `report.quietConnectionAfter`: a connection without a push for longer than this is listed
    /// under "needs your attention" (default 24 h).
    public var quietConnectionAfter: Duration = .seconds(24 * 3600)
    /// The defaults.
    public init() {}
}

/// Outgoing SMTP server.
public struct SMTPConfiguration: Sendable, Equatable {
    /// How the connection is secured.
    public enum Security: String, Sendable, Equatable {
        /// `smtp://` upgraded with STARTTLS, required (the default).
        case starttls
        /// `smtps://`, TLS from the first byte.
        case implicit
        /// No TLS; accepted only for a loopback server.
        case none
    }
    /// `smtp://host:port` or `smtps://host:port`.
    public var url: String
    /// Envelope and header sender.
    public var from: String?
    /// AUTH user name, if the server needs one.
    public var username: String?
    /// Name of the environment variable holding the AUTH password.
    public var passwordEnv: String?
    /// Path of a file holding the AUTH password (alternative to `passwordEnv`; mode 0600 advised).
    public var passwordFile: String?
    /// Transport security.
    public var security: Security = .starttls
}

/// Built-in TLS (README "TLS"): with it, the main listener speaks HTTPS only.
public struct TLSConfiguration: Sendable, Equatable {
    /// PEM certificate chain path (leaf first, then intermediates).
    public var certificate: String
    /// PEM private key path (unencrypted; mode 0600).
    public var privateKey: String
    /// Lowest protocol version accepted: `"1.2"` (default) or `"1.3"`; older ones are refused
    /// when the file is loaded (RFC 8996).
    public var minimumVersion: TLSVersion = .v1_2
    /// A plain-HTTP loopback listener serving only `/healthz` and `/readyz`, for local probes
    /// that do not speak TLS (`"127.0.0.1:9090"`).
    public var opsListen: ListenAddress?
}

/// Scheduled online backups taken by `serve` (`"backup": {"every": "24h", "directory": "...", "keep": 7}`).
public struct BackupConfiguration: Sendable, Equatable {
    /// Time between two backups (at least one minute); the first runs one period after start.
    public var every: Duration = .seconds(24 * 3600)
    /// Directory receiving `roster-<UTC timestamp>.db` files; created if missing.
    public var directory: String
    /// How many scheduled backups to keep; older ones are deleted after each new one.
    public var keep = 7

    /// Backups into `directory` with the default period and retention.
    public init(directory: String) {
        self.directory = directory
    }
}
