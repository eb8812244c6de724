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
          okta configure TENANT CONNECTION --org URL --app APP-ID (--token-env VAR | --token-file PATH)
                                                          Okta pull settings of a connection
          okta configure TENANT CONNECTION --org URL --app APP-ID --client-id ID --private-key-file PATH
                         [--key-id KID]                   ... pulling as an OAuth 2.0 service app
          okta keygen --out DIR [--kind rsa|ec]           service-app key pair; prints the public JWK
          reconcile [TENANT CONNECTION | --all] [--dry-run] [--force]
                                                          pull Okta, print the plan and apply it
          report [--since 24h] [--format text|json|html] [--send]
                                                          the nightly report; --send e-mails it to report.to
          backup --out FILE [--force]                     consistent online copy of the database
          restore --from FILE                             replace the database with a verified backup
          config check                                    validate the configuration without starting
          tls self-signed --out DIR --host NAME [--key ec|rsa] [--force]
                                                          write a self-signed cert.pem/key.pem for trials
          version                                         version, schema version and build info
          audit TENANT [--user ID|--user-name NAME] [--team ID] [--since TIME] [--limit N]
                                                          the audit trail: every change, actor, request id, before/after
          access TENANT --at TIME [--user-name NAME]      who had access (and which teams) at TIME, from the audit trail
          rejected TENANT [--limit N]                     SCIM requests Roster refused, with redacted bodies
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
        case "okta", "okta configure":
            """
            USAGE: roster okta configure TENANT CONNECTION --org URL --app APP-ID
                                         (--token-env VAR | --token-file PATH |
                                          --client-id ID --private-key-file PATH [--key-id KID])

            Stores where the reconciler pulls this connection's Okta app from, authenticating with
            an SSWS API token or, as Okta recommends, as an OAuth 2.0 service app (client
            credentials with private_key_jwt; scopes okta.users.read okta.groups.read
            okta.apps.read). Secrets are never stored: only the environment variable or file
            that holds the token, or the path of the private key.

              --org URL                the org, e.g. https://acme.okta.com (http:// only for loopback)
              --app APP-ID             the Okta app id (0oa...)
              --token-env VAR          read the token from environment variable VAR of the process
              --token-file PATH        read the token from PATH
              --client-id ID           the service app's client id (0oa...)
              --private-key-file PATH  its PEM private key, RSA (2048+) or EC P-256; must exist,
                                       and should be mode 0600 (a warning otherwise)
              --key-id KID             the kid of the public key registered in Okta
            """
        case "okta keygen":
            """
            USAGE: roster okta keygen --out DIR [--kind rsa|ec] [--json]

            Generates a key pair for an Okta OAuth 2.0 service app: writes DIR/private-key.pem
            (mode 0600, never overwritten) and prints the public JWK, with its RFC 7638 thumbprint
            as kid, to add in Okta Admin → Applications → the app → Client Credentials.

              --out DIR    where to write private-key.pem (created with mode 0700 if missing)
              --kind KIND  rsa (RSA 2048, RS256; the default) or ec (P-256, ES256)
            """
        case "reconcile":
            """
            USAGE: roster reconcile [TENANT CONNECTION | --all] [--dry-run] [--force] [--json]

            Pulls the Okta app's users, pushed groups and members, prints the plan of corrective
            actions (with reason and drift attribution) and applies it. A failed or partial pull
            changes nothing. Above reconcile.maxDeactivationShare (default 10%) of active users,
            no one is deactivated and the run is 'blocked'.

              --all        every connection with Okta pull settings
              --dry-run    print the plan, apply nothing
              --force      apply deactivations even above the safety valve
            """
        case "report":
            """
            USAGE: roster report [--since 24h] [--format text|json|html] [--send]

            Prints what Roster did per tenant and connection over the window: users and teams,
            SCIM push traffic (requests, errors by status and scimType, p50/p99 latency, rejected),
            reconcile runs, drift by kind and attribution, actions applied / skipped / blocked,
            parked operations, stale members removed and failures, with a "needs your attention"
            list first (blocked or failed runs, expired parked operations, connections without a
            push for longer than report.quietConnectionAfter).

              --since DURATION   window length ending now (default 24h; e.g. 90m, 7d)
              --format FORMAT    text (default), json (stable field names, see the README) or html
              --send             queue the report in the mail outbox and send it now to report.to
                                 through the smtp server (retried later if the server is down)
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
        case "audit":
            """
            USAGE: roster audit TENANT [--user ID | --user-name NAME] [--team ID] [--since TIME] [--limit N] [--json]

            Prints the audit trail, oldest first: time, actor (scim, reconciler, admin), action, subject,
            request id, and the before/after state. --user includes the user's membership changes.
            TIME is RFC 3339 (2026-11-29T08:00:00Z) or an age such as 90m, 24h, 7d. --limit keeps the
            newest N events (default 1000).
            """
        case "access":
            """
            USAGE: roster access TENANT --at TIME [--user-name NAME] [--json]

            Reconstructs from the audit trail who had access at TIME, and in which teams. TIME is
            RFC 3339 or an age such as 24h (meaning that long ago).
            """
        case "rejected":
            """
            USAGE: roster rejected TENANT [--limit N] [--json]

            The newest SCIM requests Roster refused (4xx after authentication), with the error sent back
            and the body as received minus passwords and tokens. The last 1000 per tenant are kept.
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
