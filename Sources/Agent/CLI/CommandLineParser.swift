import Core
import Crypto

/// Turns `roster`'s arguments into a validated ``Invocation`` or a usage error (exit 64).
///
/// Hand-written because the project takes no third-party packages; shaped like
/// swift-argument-parser's split between parsing and running (style.md §8.12).
public enum CommandLineParser {
    /// Options every command accepts.
    static let globalOptions: Set<String> = ["--db", "--config", "--json", "--help"]

    /// Parses `arguments` (without the program name).
    public static func parse(_ arguments: [String]) throws(CLIError) -> Invocation {
        let scanned = try ArgumentScanner.scan(arguments)
        var global = GlobalOptions(
            databasePath: scanned.values["--db"],
            configPath: scanned.values["--config"],
            json: scanned.flags.contains("--help") ? false : scanned.flags.contains("--json")
        )
        global.logFormat = scanned.values["--log-format"]
        var words = scanned.positionals[...]
        guard let first = words.popFirst() else {
            if scanned.flags.contains("--version") && !scanned.flags.contains("--help") {
                try allow(["--version"], in: scanned, topic: "version")
                return Invocation(global: global, command: .version)
            }
            return Invocation(global: global, command: .help(topic: []))
        }
        if first == "help" {
            return Invocation(global: global, command: .help(topic: Array(words)))
        }
        let command = try parseCommand(first, &words, scanned)
        return Invocation(global: global, command: command)
    }

    private static func parseCommand(
        _ first: String, _ words: inout ArraySlice<String>, _ scanned: ArgumentScanner.Result
    ) throws(CLIError) -> Command {
        switch first {
        case "serve":
            if scanned.flags.contains("--help") { return .help(topic: ["serve"]) }
            try allow(["--listen", "--log-format"], in: scanned, topic: "serve")
            try expectNoMore(words, topic: "serve")
            return .serve(listen: scanned.values["--listen"])
        case "audit", "access", "rejected":
            if scanned.flags.contains("--help") { return .help(topic: [first]) }
            return try parseInspection(first, &words, scanned)
        case "version":
            if scanned.flags.contains("--help") { return .help(topic: ["version"]) }
            try allow(["--version"], in: scanned, topic: "version")
            try expectNoMore(words, topic: "version")
            return .version
        case "backup":
            if scanned.flags.contains("--help") { return .help(topic: ["backup"]) }
            try allow(["--out", "--force"], in: scanned, topic: "backup")
            try expectNoMore(words, topic: "backup")
            guard let out = scanned.values["--out"] else { throw .usage("backup needs --out FILE", topic: "backup") }
            return .backup(out: out, force: scanned.flags.contains("--force"))
        case "restore":
            if scanned.flags.contains("--help") { return .help(topic: ["restore"]) }
            try allow(["--from"], in: scanned, topic: "restore")
            try expectNoMore(words, topic: "restore")
            guard let from = scanned.values["--from"] else { throw .usage("restore needs --from FILE", topic: "restore") }
            return .restore(from: from)
        case "config":
            guard let verb = words.popFirst() else {
                if scanned.flags.contains("--help") { return .help(topic: ["config"]) }
                throw .usage("'config' needs a subcommand", topic: "config")
            }
            guard verb == "check" else { throw .usage("unknown command 'config \(verb)'", topic: "config") }
            if scanned.flags.contains("--help") { return .help(topic: ["config", "check"]) }
            try allow([], in: scanned, topic: "config check")
            try expectNoMore(words, topic: "config check")
            return .configCheck
        case "reconcile":
            if scanned.flags.contains("--help") { return .help(topic: ["reconcile"]) }
            try allow(["--all", "--dry-run", "--force"], in: scanned, topic: "reconcile")
            let target: ReconcileTarget
            if scanned.flags.contains("--all") {
                guard words.isEmpty else { throw .usage("give either TENANT CONNECTION or --all, not both", topic: "reconcile") }
                target = .all
            } else {
                let tenant = try tenantName(try required(&words, "TENANT CONNECTION (or --all)", topic: "reconcile"), topic: "reconcile")
                let connection = try required(&words, "CONNECTION", topic: "reconcile")
                try expectNoMore(words, topic: "reconcile")
                target = .connection(tenant: tenant, connection: connection)
            }
            return .reconcile(
                target: target, dryRun: scanned.flags.contains("--dry-run"), force: scanned.flags.contains("--force"))
        case "report":
            if scanned.flags.contains("--help") { return .help(topic: ["report"]) }
            try allow(["--since", "--format", "--send"], in: scanned, topic: "report")
            try expectNoMore(words, topic: "report")
            let sinceText = scanned.values["--since"] ?? "24h"
            guard let since = DurationText.parse(sinceText), since >= .seconds(60), since <= .seconds(366 * 86400) else {
                throw .usage("--since must be a duration between 1m and 366d such as 24h or 7d, got '\(sinceText)'", topic: "report")
            }
            let formatText = scanned.values["--format"] ?? (scanned.flags.contains("--json") ? "json" : "text")
            guard let format = ReportFormat(rawValue: formatText) else {
                throw .usage("--format must be text, json or html, got '\(formatText)'", topic: "report")
            }
            return .report(since: since, format: format, send: scanned.flags.contains("--send"))
        case "okta":
            guard let verb = words.popFirst() else {
                if scanned.flags.contains("--help") { return .help(topic: ["okta"]) }
                throw .usage("'okta' needs a subcommand", topic: "okta")
            }
            if verb == "keygen" { return try parseOktaKeygen(&words, scanned) }
            guard verb == "configure" else { throw .usage("unknown command 'okta \(verb)'", topic: "okta") }
            if scanned.flags.contains("--help") { return .help(topic: ["okta", "configure"]) }
            let topic = "okta configure"
            try allow(
                ["--org", "--app", "--token-env", "--token-file", "--client-id", "--private-key-file", "--key-id"],
                in: scanned, topic: topic)
            let tenant = try tenantName(try required(&words, "TENANT", topic: topic), topic: topic)
            let connection = try required(&words, "CONNECTION", topic: topic)
            try expectNoMore(words, topic: topic)
            guard let org = scanned.values["--org"] else { throw .usage("\(topic) needs --org URL", topic: topic) }
            guard let app = scanned.values["--app"] else { throw .usage("\(topic) needs --app APP-ID", topic: topic) }
            guard app.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw .usage("--app must be an Okta app id (letters and digits), got '\(app)'", topic: topic)
            }
            let token = try oktaCredentialOption(scanned, topic)
            return .oktaConfigure(tenant: tenant, connection: connection, org: org, app: app, token: token)
        case "tls":
            guard let verb = words.popFirst() else {
                if scanned.flags.contains("--help") { return .help(topic: ["tls"]) }
                throw .usage("'tls' needs a subcommand", topic: "tls")
            }
            guard verb == "self-signed" else { throw .usage("unknown command 'tls \(verb)'", topic: "tls") }
            if scanned.flags.contains("--help") { return .help(topic: ["tls", "self-signed"]) }
            return try parseSelfSigned(&words, scanned)
        case "tenant", "connection", "token":
            guard let verb = words.popFirst() else {
                if scanned.flags.contains("--help") { return .help(topic: [first]) }
                throw .usage("'\(first)' needs a subcommand", topic: first)
            }
            let topic = "\(first) \(verb)"
            if scanned.flags.contains("--help") { return .help(topic: [first, verb]) }
            return try parseSubcommand(topic, &words, scanned)
        default:
            throw .usage("unknown command '\(first)'")
        }
    }

    private static func parseSubcommand(
        _ topic: String, _ words: inout ArraySlice<String>, _ scanned: ArgumentScanner.Result
    ) throws(CLIError) -> Command {
        switch topic {
        case "tenant create":
            try allow([], in: scanned, topic: topic)
            let name = try tenantName(try required(&words, "NAME", topic: topic), topic: topic)
            try expectNoMore(words, topic: topic)
            return .tenantCreate(name)
        case "tenant list":
            try allow([], in: scanned, topic: topic)
            try expectNoMore(words, topic: topic)
            return .tenantList
        case "connection create":
            try allow(["--name", "--idp"], in: scanned, topic: topic)
            let tenant = try tenantName(try required(&words, "TENANT", topic: topic), topic: topic)
            try expectNoMore(words, topic: topic)
            guard let name = scanned.values["--name"] else { throw .usage("\(topic) needs --name NAME", topic: topic) }
            do { try Connection.validateName(name) } catch { throw .usage(error.description, topic: topic) }
            let idpText = scanned.values["--idp"] ?? IdentityProvider.okta.rawValue
            guard let idp = IdentityProvider(rawValue: idpText) else {
                throw .usage(DomainError.invalidIdentityProvider(idpText).description, topic: topic)
            }
            return .connectionCreate(tenant: tenant, name: name, idp: idp)
        case "connection list":
            try allow([], in: scanned, topic: topic)
            let tenant = try words.popFirst().map { (text) throws(CLIError) in try tenantName(text, topic: topic) }
            try expectNoMore(words, topic: topic)
            return .connectionList(tenant: tenant)
        case "token create":
            try allow(["--platform"], in: scanned, topic: topic)
            let tenant = try tenantName(try required(&words, "TENANT", topic: topic), topic: topic)
            if scanned.flags.contains("--platform") {
                guard words.isEmpty else { throw .usage("give either CONNECTION or --platform, not both", topic: topic) }
                return .tokenCreate(tenant: tenant, target: .platform)
            }
            let connection = try required(&words, "CONNECTION (or --platform)", topic: topic)
            try expectNoMore(words, topic: topic)
            return .tokenCreate(tenant: tenant, target: .connection(connection))
        case "token list":
            try allow([], in: scanned, topic: topic)
            let tenant = try tenantName(try required(&words, "TENANT", topic: topic), topic: topic)
            try expectNoMore(words, topic: topic)
            return .tokenList(tenant: tenant)
        case "token revoke":
            try allow([], in: scanned, topic: topic)
            let tenant = try tenantName(try required(&words, "TENANT", topic: topic), topic: topic)
            let tokenID = try required(&words, "TOKEN-ID", topic: topic)
            try expectNoMore(words, topic: topic)
            return .tokenRevoke(tenant: tenant, tokenID: tokenID)
        default:
            let group = String(topic.prefix { $0 != " " })
            throw .usage("unknown command '\(topic)'", topic: group)
        }
    }

    private static func parseInspection(
        _ topic: String, _ words: inout ArraySlice<String>, _ scanned: ArgumentScanner.Result
    ) throws(CLIError) -> Command {
        let tenant = try tenantName(try required(&words, "TENANT", topic: topic), topic: topic)
        try expectNoMore(words, topic: topic)
        func limit() throws(CLIError) -> Int? {
            guard let text = scanned.values["--limit"] else { return nil }
            guard let value = Int(text), (1...100_000).contains(value) else {
                throw .usage("--limit must be an integer from 1 to 100000", topic: topic)
            }
            return value
        }
        switch topic {
        case "audit":
            try allow(["--user", "--user-name", "--team", "--since", "--limit"], in: scanned, topic: topic)
            if scanned.values["--user"] != nil && scanned.values["--user-name"] != nil {
                throw .usage("give either --user or --user-name, not both", topic: topic)
            }
            return .audit(
                tenant: tenant,
                filter: AuditFilter(
                    userID: scanned.values["--user"], userName: scanned.values["--user-name"],
                    teamID: scanned.values["--team"], since: scanned.values["--since"], limit: try limit() ?? 1000))
        case "access":
            try allow(["--at", "--user-name"], in: scanned, topic: topic)
            guard let at = scanned.values["--at"] else { throw .usage("access needs --at TIME", topic: topic) }
            return .access(tenant: tenant, at: at, userName: scanned.values["--user-name"])
        default:
            try allow(["--limit"], in: scanned, topic: topic)
            return .rejected(tenant: tenant, limit: try limit() ?? 50)
        }
    }

    private static func parseSelfSigned(
        _ words: inout ArraySlice<String>, _ scanned: ArgumentScanner.Result
    ) throws(CLIError) -> Command {
        let topic = "tls self-signed"
        try allow(["--out", "--host", "--key", "--force"], in: scanned, topic: topic)
        try expectNoMore(words, topic: topic)
        guard let out = scanned.values["--out"], !out.isEmpty else { throw .usage("\(topic) needs --out DIR", topic: topic) }
        guard let host = scanned.values["--host"] else { throw .usage("\(topic) needs --host NAME", topic: topic) }
        // A DNS name (letters, digits, '-', '.', a leading "*." wildcard) or an IP literal.
        let allowed = host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-.:*".contains($0)) }
        guard !host.isEmpty, host.count <= 253, allowed, !host.hasPrefix("-"), !host.dropFirst().contains("*") else {
            throw .usage("--host must be a DNS name or an IP address, got '\(host)'", topic: topic)
        }
        let keyText = scanned.values["--key"] ?? SelfSignedCertificate.KeyType.ec.rawValue
        guard let keyType = SelfSignedCertificate.KeyType(rawValue: keyText) else {
            throw .usage("--key must be ec or rsa, got '\(keyText)'", topic: topic)
        }
        return .tlsSelfSigned(out: out, host: host, keyType: keyType, force: scanned.flags.contains("--force"))
    }

    /// Throws a usage error for any option given to `topic` that is neither a global option nor in `options`.
    static func allow(
        _ options: Set<String>, in scanned: ArgumentScanner.Result, topic: String
    ) throws(CLIError) {
        for option in scanned.optionsGiven where !globalOptions.contains(option) && !options.contains(option) {
            throw .usage("option \(option) is not valid for '\(topic)'", topic: topic)
        }
    }

    private static func required(
        _ words: inout ArraySlice<String>, _ what: String, topic: String
    ) throws(CLIError) -> String {
        guard let word = words.popFirst() else { throw .usage("\(topic) needs \(what)", topic: topic) }
        return word
    }

    /// Throws a usage error if any positional argument is left over after `topic` consumed its own.
    static func expectNoMore(_ words: ArraySlice<String>, topic: String) throws(CLIError) {
        if let extra = words.first { throw .usage("unexpected argument '\(extra)' for '\(topic)'", topic: topic) }
    }

    private static func tenantName(_ text: String, topic: String) throws(CLIError) -> TenantName {
        do { return try TenantName.parse(text) } catch { throw .usage(error.description, topic: topic) }
    }
}
