import Core
import Foundation
import HTTPServer

extension AgentConfiguration {
    /// Reads and validates the configuration file at `path`.
    public static func load(path: String) throws(CLIError) -> AgentConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .config("cannot read config file \(path): \((error as NSError).localizedDescription)")
        }
        return try parse(data, source: path)
    }

    /// Parses configuration JSON; `source` names the file in messages.
    public static func parse(_ data: Data, source: String) throws(CLIError) -> AgentConfiguration {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .config("config file \(source) is not valid JSON")
        }
        guard case .object(let values) = root else { throw .config("config file \(source) must hold a JSON object") }
        var object = ConfigObject(values, path: "")
        var configuration = AgentConfiguration()
        try configuration.read(&object)
        try object.rejectUnknownKeys()
        return configuration
    }

    private mutating func read(_ object: inout ConfigObject) throws(CLIError) {
        if let text = try object.string("listen") {
            guard let address = ListenAddress(parsing: text) else {
                throw .config("config key \"listen\" must be HOST:PORT, got \"\(text)\"")
            }
            listen = address
        }
        if let path = try object.string("database") {
            guard !path.isEmpty else { throw .config("config key \"database\" must not be empty") }
            databasePath = path
        }
        if let url = try object.string("publicBaseURL") {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil
            else { throw .config("config key \"publicBaseURL\" must be an http(s) URL, got \"\(url)\"") }
            publicBaseURL = url
        }
        if let level = try object.string("logLevel") {
            guard let parsed = LogLevel(rawValue: level) else {
                throw .config("config key \"logLevel\" must be one of debug, info, warning, error")
            }
            logLevel = parsed
        }
        if let format = try object.string("logFormat") {
            guard let parsed = LogFormat(rawValue: format) else {
                throw .config("config key \"logFormat\" must be json or text")
            }
            logFormat = parsed
        }
        if let destination = try object.string("logDestination") {
            guard !destination.isEmpty else { throw .config("config key \"logDestination\" must not be empty") }
            logDestination = destination
        }
        if var nested = try object.object("audit") {
            auditRetention = try nested.duration("retention", atLeast: .seconds(86400))
            try nested.rejectUnknownKeys()
        }
        if var nested = try object.object("limits") {
            try limits.read(&nested)
            try nested.rejectUnknownKeys()
        }
        if var nested = try object.object("reconcile") {
            reconcile.every = try nested.duration("every", atLeast: .seconds(60)) ?? reconcile.every
            reconcile.maxDeactivationShare =
                try nested.number("maxDeactivationShare", in: 0...1) ?? reconcile.maxDeactivationShare
            if let suspended = try nested.string("suspended") {
                guard ["keep", "revoke"].contains(suspended) else {
                    throw .config("config key \"reconcile.suspended\" must be keep or revoke")
                }
                reconcile.suspended = suspended
            }
            reconcile.parkedMaxAge = try nested.duration("parkedMaxAge", atLeast: .seconds(3600)) ?? reconcile.parkedMaxAge
            try nested.rejectUnknownKeys()
        }
        if var nested = try object.object("report") {
            try report.read(&nested)
            try nested.rejectUnknownKeys()
        }
        if var nested = try object.object("smtp") {
            smtp = try SMTPConfiguration.read(&nested)
            try nested.rejectUnknownKeys()
        }
        if var nested = try object.object("tls") {
            guard let certificate = try nested.string("certificate"), let key = try nested.string("privateKey") else {
                throw .config("config object \"tls\" needs both \"certificate\" and \"privateKey\"")
            }
            tls = try TLSConfiguration.read(&nested, certificate: certificate, privateKey: key)
            try nested.rejectUnknownKeys()
        }
        if var nested = try object.object("backup") {
            backup = try BackupConfiguration.read(&nested)
            try nested.rejectUnknownKeys()
        }
    }
}

extension TLSConfiguration {
    fileprivate static func read(
        _ object: inout ConfigObject, certificate: String, privateKey: String
    ) throws(CLIError) -> TLSConfiguration {
        var tls = TLSConfiguration(certificate: certificate, privateKey: privateKey)
        if let version = try object.string("minimumVersion") {
            guard let parsed = TLSVersion(rawValue: version) else {
                throw .config(
                    "config key \"tls.minimumVersion\" must be \"1.2\" or \"1.3\", got \"\(version)\" (TLS 1.0 and 1.1 are not allowed, RFC 8996)")
            }
            tls.minimumVersion = parsed
        }
        if let text = try object.string("opsListen") {
            guard let address = ListenAddress(parsing: text), address.isLoopback else {
                throw .config("config key \"tls.opsListen\" must be a loopback HOST:PORT (127.0.0.1:PORT or [::1]:PORT), got \"\(text)\"")
            }
            tls.opsListen = address
        }
        return tls
    }
}

extension BackupConfiguration {
    fileprivate static func read(_ object: inout ConfigObject) throws(CLIError) -> BackupConfiguration {
        guard let directory = try object.string("directory"), !directory.isEmpty else {
            throw .config("config object \"backup\" needs a non-empty \"directory\"")
        }
        var backup = BackupConfiguration(directory: directory)
        backup.every = try object.duration("every", atLeast: .seconds(60)) ?? backup.every
        backup.keep = try object.integer("keep", in: 1...10_000) ?? backup.keep
        return backup
    }
}

extension LimitsConfiguration {
    fileprivate mutating func read(_ object: inout ConfigObject) throws(CLIError) {
        maxRequestLineBytes = try object.integer("maxRequestLineBytes", in: 256...1_048_576) ?? maxRequestLineBytes
        maxHeaderBytes = try object.integer("maxHeaderBytes", in: 1024...4_194_304) ?? maxHeaderBytes
        maxHeaderCount = try object.integer("maxHeaderCount", in: 8...10_000) ?? maxHeaderCount
        maxBodyBytes = try object.integer("maxBodyBytes", in: 1024...268_435_456) ?? maxBodyBytes
        headerReadTimeout = try object.duration("headerReadTimeout") ?? headerReadTimeout
        bodyReadTimeout = try object.duration("bodyReadTimeout") ?? bodyReadTimeout
        idleTimeout = try object.duration("idleTimeout") ?? idleTimeout
        maxConnections = try object.integer("maxConnections", in: 1...1_000_000) ?? maxConnections
        shutdownGracePeriod = try object.duration("shutdownGracePeriod") ?? shutdownGracePeriod
        scimRequestsPerSecond = try object.integer("scimRequestsPerSecond", in: 1...1_000_000) ?? scimRequestsPerSecond
        scimRequestBurst = try object.integer("scimRequestBurst", in: 1...1_000_000) ?? scimRequestBurst
        failedAuthenticationsPerMinute =
            try object.integer("failedAuthenticationsPerMinute", in: 1...1_000_000) ?? failedAuthenticationsPerMinute
        scimMaxResults = try object.integer("scimMaxResults", in: 1...10_000) ?? scimMaxResults
        platformRequestsPerSecond =
            try object.integer("platformRequestsPerSecond", in: 1...1_000_000) ?? platformRequestsPerSecond
        platformRequestBurst = try object.integer("platformRequestBurst", in: 1...1_000_000) ?? platformRequestBurst
        platformMaxWaitSeconds = try object.integer("platformMaxWaitSeconds", in: 0...300) ?? platformMaxWaitSeconds
        platformAccessCacheEntries =
            try object.integer("platformAccessCacheEntries", in: 0...1_000_000) ?? platformAccessCacheEntries
    }
}

extension ReportConfiguration {
    fileprivate mutating func read(_ object: inout ConfigObject) throws(CLIError) {
        if let time = try object.string("at") {
            let parts = time.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]),
                let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute)
            else { throw .config("config key \"report.at\" must be a time HH:MM, got \"\(time)\"") }
            at = time
        }
        if let zone = try object.string("timeZone") {
            guard TimeZone(identifier: zone) != nil else {
                throw .config("config key \"report.timeZone\" is not a known time zone: \"\(zone)\"")
            }
            timeZone = zone
        }
        if let recipients = try object.strings("to") {
            for address in recipients where !EmailAddress.isPlausible(address) {
                throw .config("config key \"report.to\" holds an invalid address: \"\(address)\"")
            }
            to = recipients
        }
        alertThrottle = try object.duration("alertThrottle", atLeast: .seconds(60)) ?? alertThrottle
        quietConnectionAfter = try object.duration("quietConnectionAfter", atLeast: .seconds(60)) ?? quietConnectionAfter
    }
}

extension SMTPConfiguration {
    fileprivate static func read(_ object: inout ConfigObject) throws(CLIError) -> SMTPConfiguration {
        guard let url = try object.string("url") else { throw .config("config object \"smtp\" needs \"url\"") }
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme, ["smtp", "smtps"].contains(scheme),
            let host = parsed.host, !host.isEmpty
        else { throw .config("config key \"smtp.url\" must be smtp://HOST[:PORT] or smtps://HOST[:PORT]") }
        var smtp = SMTPConfiguration(url: url)
        smtp.from = try object.string("from")
        if let from = smtp.from, !EmailAddress.isPlausible(from) {
            throw .config("config key \"smtp.from\" is not a valid address: \"\(from)\"")
        }
        smtp.username = try object.string("username")
        smtp.passwordEnv = try object.string("passwordEnv")
        smtp.passwordFile = try object.string("passwordFile")
        if smtp.passwordEnv != nil && smtp.passwordFile != nil {
            throw .config("config object \"smtp\" takes either \"passwordEnv\" or \"passwordFile\", not both")
        }
        if let security = try object.string("security") {
            guard let parsedSecurity = Security(rawValue: security) else {
                throw .config("config key \"smtp.security\" must be starttls, implicit or none")
            }
            smtp.security = parsedSecurity
        } else if scheme == "smtps" {
            smtp.security = .implicit
        }
        if smtp.security == .none && !ListenAddress.isLoopbackHost(host) {
            throw .config("config key \"smtp.security\" may be \"none\" only for a loopback mail server")
        }
        return smtp
    }
}

/// Minimal address sanity check for configuration (one `@`, no spaces or header-breaking bytes).
enum EmailAddress {
    /// Whether `text` looks like `local@domain`.
    static func isPlausible(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0.asciiValue.map { $0 < 32 } == true })
    }
}
