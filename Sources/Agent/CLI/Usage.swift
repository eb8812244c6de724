/// Help texts for `roster --help`, `roster help TOPIC` and `roster TOPIC --help`.
public enum Usage {
    /// The overview printed by `roster`, `roster help` and `roster --help`.
    public static let overview = """
        roster — identity sync agent: Okta and Entra push users and groups over SCIM 2.0,
        the platform reads users, teams and access decisions.

        USAGE: roster COMMAND [OPTIONS]

        COMMANDS:
          serve [--listen HOST:PORT]                      run the receiver (default 127.0.0.1:8080)
          tenant create NAME                              create a tenant (a URL slug)
          tenant list                                     list tenants
          connection create TENANT --name NAME [--idp okta|entra|generic]
                                                          create a SCIM connection; prints its SCIM base URL
          connection list [TENANT]                        list connections
          token create TENANT CONNECTION                  SCIM token for a connection (shown once)
          token create TENANT --platform                  read-API token for the platform (shown once)
          token list TENANT                               list tokens (never shows secrets)
          token revoke TENANT TOKEN-ID                    revoke a token
          backup --out FILE [--force]                     consistent online copy of the database
          restore --from FILE                             replace the database with a verified backup
          config check                                    validate the configuration without starting
          tls self-signed --out DIR --host NAME [--key ec|rsa] [--force]
                                                          write a self-signed cert.pem/key.pem for trials
          version                                         version, schema version and build info
          help [COMMAND]                                  show help

        OPTIONS (every command):
          --db PATH        SQLite database (default: config "database", else ./roster.db)
          --config FILE    JSON configuration file
          --json           print one JSON document instead of a table
          -h, --help       show help
          --version        same as `roster version`

        Exit status: 0 success, 1 failure, 64 usage error, 78 configuration error.
        """

    /// Help for one topic, or nil when there is no such topic.
    public static func text(for topic: [String]) -> String? {
        switch topic.joined(separator: " ") {
        case "": overview
        case "serve":
            """
            USAGE: roster serve [--listen HOST:PORT] [--db PATH] [--config FILE]

            Runs the SCIM receiver and the ops endpoints (/healthz, /readyz) until SIGTERM or SIGINT,
            then stops gracefully: no new connections, in-flight requests finish, exit 0.
            With config "tls" it serves HTTPS only; SIGHUP reloads the certificate and key (a pair
            that fails to load is logged and the previous one kept).
            Refuses to start when another `roster serve` holds the same database, or when the
            database fails PRAGMA quick_check. Logs one JSON line per request on stderr.

              --listen HOST:PORT   address to listen on (default: config "listen", else 127.0.0.1:8080)
            """
        case "version":
            """
            USAGE: roster version [--db PATH] [--json]

            Prints Roster's version, the schema version this build migrates to (the number of
            migrations it knows and the newest one's identifier), and build information (Swift
            compiler, OS). With --db, also the schema version of that database, read without
            migrating it, and whether it is older (migrated at the next start) or newer (refused:
            upgrade Roster).
            """
        case "backup":
            """
            USAGE: roster backup --out FILE [--force] [--db PATH] [--config FILE] [--json]

            Writes a consistent copy of the database to FILE while `roster serve` keeps running,
            with SQLite's online backup API (never a file copy). The copy is one self-contained
            file, checked with PRAGMA integrity_check before it gets its final name.

              --out FILE   where to write the backup; an existing FILE is refused
              --force      replace FILE if it exists
            """
        case "restore":
            """
            USAGE: roster restore --from FILE [--db PATH] [--config FILE] [--json]

            Replaces the database with the backup FILE. Refused while `roster serve` runs on the
            database (stop it first: systemctl stop roster). FILE must pass PRAGMA integrity_check,
            be a Roster database and have a schema no newer than this build. The previous database
            is kept as DB.before-restore-TIMESTAMP; the swap is one atomic rename.

              --from FILE  the backup to restore
            """
        case "config": "USAGE: roster config check [--config FILE] [--json]"
        case "config check":
            """
            USAGE: roster config check [--config FILE] [--json]

            Validates a configuration file without starting anything (default FILE:
            /etc/roster/config.json). Prints one line per problem: errors (unknown keys, invalid
            values, unreadable TLS certificate or key, a key that does not match its certificate)
            exit 78; warnings (an environment variable named for a secret but unset, a missing
            database or backup directory, SMTP reachability not checked) exit 0.
            """
        case "tls": "USAGE: roster tls self-signed --out DIR --host NAME [--key ec|rsa] [--force]"
        case "tls self-signed":
            """
            USAGE: roster tls self-signed --out DIR --host NAME [--key ec|rsa] [--force] [--json]

            Writes a self-signed certificate DIR/cert.pem and its private key DIR/key.pem (mode
            0600) for trying built-in TLS; IdPs such as Okta and Entra need a certificate from a
            public CA in production (README "TLS"). The certificate names NAME in its subject and
            subjectAltName, and is valid for one year. DIR is created (mode 0700) if missing.

              --out DIR        directory to write cert.pem and key.pem into
              --host NAME      DNS name or IP address clients connect to (e.g. roster.example.com)
              --key ec|rsa     ECDSA P-256 (default) or RSA 2048
              --force          replace existing cert.pem/key.pem
            """
        case "tenant": "USAGE: roster tenant create NAME | roster tenant list"
        case "tenant create":
            """
            USAGE: roster tenant create NAME [--json]

            NAME is a URL slug: 1-63 lowercase letters, digits and '-', not starting or ending with '-'.
            """
        case "tenant list": "USAGE: roster tenant list [--json]"
        case "connection":
            "USAGE: roster connection create TENANT --name NAME [--idp okta|entra|generic] | roster connection list [TENANT]"
        case "connection create":
            """
            USAGE: roster connection create TENANT --name NAME [--idp okta|entra|generic] [--json]

            Creates a SCIM connection (one IdP app integration) and prints its id and SCIM base URL
            (built from the config's "publicBaseURL", else from "listen"). --idp defaults to okta.
            """
        case "connection list": "USAGE: roster connection list [TENANT] [--json]"
        case "token":
            "USAGE: roster token create TENANT (CONNECTION | --platform) | token list TENANT | token revoke TENANT TOKEN-ID"
        case "token create":
            """
            USAGE: roster token create TENANT CONNECTION [--json]
                   roster token create TENANT --platform [--json]

            Creates a bearer token and prints it once; only its SHA-256 digest is stored.
            CONNECTION is the connection's id or name.
            """
        case "token list": "USAGE: roster token list TENANT [--json]"
        case "token revoke":
            """
            USAGE: roster token revoke TENANT TOKEN-ID [--json]

            Revokes a token; it stops authenticating on the next request.
            """
        default: nil
        }
    }
}
