import Foundation
import Reconcile
import Report
import Testing
import TestSupport

@testable import Agent

@Suite("Configuration file")
struct ConfigurationTests {
    private func parse(_ json: String) throws(CLIError) -> AgentConfiguration {
        try parseConfiguration(json)
    }

    @Test func emptyObjectGivesDefaults() throws {
        let configuration = try parse("{}")
        #expect(configuration == AgentConfiguration())
        #expect(configuration.listen == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(configuration.databasePath == "./roster.db")
        #expect(configuration.effectiveBaseURL == "http://127.0.0.1:8080")
    }

    @Test func everyKey() throws {
        let configuration = try parse(
            """
            {"listen":"[::1]:9443","database":"/var/lib/roster/roster.db","publicBaseURL":"https://roster.example.com/",
             "logLevel":"warning",
             "limits":{"maxBodyBytes":2048,"headerReadTimeout":"500ms","idleTimeout":5,"maxConnections":10,
                       "maxRequestLineBytes":4096,"maxHeaderBytes":8192,"maxHeaderCount":50,"bodyReadTimeout":"1m",
                       "shutdownGracePeriod":"2s","platformAccessCacheEntries":0},
             "reconcile":{"every":"15m","maxDeactivationShare":0.2},
             "report":{"at":"02:30","timeZone":"Europe/Paris","to":["ops@example.com"],"alertThrottle":"2h",
                       "quietConnectionAfter":"12h"},
             "smtp":{"url":"smtp://mail.example.com:587","from":"roster@example.com","username":"roster",
                     "passwordEnv":"SMTP_PASSWORD","security":"starttls"},
             "tls":{"certificate":"/etc/roster/cert.pem","privateKey":"/etc/roster/key.pem"}}
            """)
        #expect(configuration.listen == ListenAddress(host: "::1", port: 9443))
        #expect(configuration.effectiveBaseURL == "https://roster.example.com")
        #expect(configuration.logLevel == .warning)
        #expect(configuration.limits.maxBodyBytes == 2048)
        #expect(configuration.limits.headerReadTimeout == .milliseconds(500))
        #expect(configuration.limits.idleTimeout == .seconds(5))
        #expect(configuration.limits.bodyReadTimeout == .seconds(60))
        #expect(configuration.limits.platformAccessCacheEntries == 0)
        #expect(AgentConfiguration().limits.platformAccessCacheEntries == 16_384)
        #expect(configuration.reconcile.every == .seconds(900))
        #expect(configuration.reconcile.maxDeactivationShare == 0.2)
        #expect(configuration.report.to == ["ops@example.com"])
        #expect(configuration.report.alertThrottle == .seconds(7200))
        #expect(configuration.report.quietConnectionAfter == .seconds(12 * 3600))
        #expect(configuration.smtp?.security == .starttls)
        #expect(configuration.tls?.privateKey == "/etc/roster/key.pem")
    }

    @Test(
        "bad configurations name the key",
        arguments: [
            (#"{"listne":"1.2.3.4:1"}"#, "\"listne\""),
            (#"{"limits":{"maxBodyByte":1}}"#, "\"limits.maxBodyByte\""),
            (#"{"listen":"nohost"}"#, "\"listen\""),
            (#"{"listen":8080}"#, "\"listen\" must be a string"),
            (#"{"logLevel":"loud"}"#, "\"logLevel\""),
            (#"{"limits":{"maxBodyBytes":"big"}}"#, "\"limits.maxBodyBytes\" must be an integer"),
            (#"{"limits":{"maxBodyBytes":1.5}}"#, "\"limits.maxBodyBytes\" must be an integer"),
            (#"{"limits":{"maxConnections":0}}"#, "\"limits.maxConnections\" must be between"),
            (#"{"limits":{"platformAccessCacheEntries":-1}}"#, "\"limits.platformAccessCacheEntries\" must be between"),
            (#"{"limits":{"idleTimeout":"soon"}}"#, "\"limits.idleTimeout\" is not a duration"),
            (#"{"reconcile":{"maxDeactivationShare":2}}"#, "\"reconcile.maxDeactivationShare\""),
            (#"{"report":{"at":"25:00"}}"#, "\"report.at\""),
            (#"{"report":{"timeZone":"Mars/Olympus"}}"#, "\"report.timeZone\""),
            (#"{"report":{"to":["not an address"]}}"#, "\"report.to\""),
            (#"{"report":{"alertThrottle":"1s"}}"#, "\"report.alertThrottle\""),
            (#"{"report":{"quietConnectionAfter":"soon"}}"#, "\"report.quietConnectionAfter\""),
            (#"{"smtp":{"url":"http://mail"}}"#, "\"smtp.url\""),
            (#"{"smtp":{"url":"smtp://mail.example.com","security":"none"}}"#, "loopback"),
            (#"{"smtp":{"from":"a@b.c"}}"#, "needs \"url\""),
            (#"{"tls":{"certificate":"/c.pem"}}"#, "\"tls\" needs both"),
            (#"{"publicBaseURL":"ftp://x"}"#, "\"publicBaseURL\""),
            (#"[1,2]"#, "JSON object"),
            (#"{"listen": "#, "not valid JSON"),
        ])
    func invalid(_ json: String, _ fragment: String) {
        expectConfigurationError(json, mentioning: fragment)
    }

    @Test func loopbackSMTPWithoutTLSIsAllowed() throws {
        let configuration = try parse(#"{"smtp":{"url":"smtp://127.0.0.1:2525","security":"none"}}"#)
        #expect(configuration.smtp?.security == SMTPConfiguration.Security.none)
        #expect(try parse(#"{"smtp":{"url":"smtps://mail.example.com"}}"#).smtp?.security == .implicit)
    }

    @Test func missingFile() {
        #expect(throws: CLIError.self) { try AgentConfiguration.load(path: "/nonexistent/roster.json") }
    }

    @Test("listen addresses", arguments: [
        ("127.0.0.1:8080", "127.0.0.1", 8080), ("[::1]:0", "::1", 0), ("localhost:1", "localhost", 1),
    ])
    func listenAddresses(_ text: String, _ host: String, _ port: Int) throws {
        let address = try #require(ListenAddress(parsing: text))
        #expect(address.host == host && Int(address.port) == port)
        #expect(address.description == text)
    }

    @Test("bad listen addresses", arguments: ["8080", ":8080", "host:", "host:99999", "::1:80", "[::1:80", "a b:1"])
    func badListenAddresses(_ text: String) {
        #expect(ListenAddress(parsing: text) == nil)
    }

    @Test func durations() {
        #expect(DurationText.parse("500ms") == .milliseconds(500))
        #expect(DurationText.parse("1.5s") == .milliseconds(1500))
        #expect(DurationText.parse("2h") == .seconds(7200))
        #expect(DurationText.parse("0s") == nil)
        #expect(DurationText.parse("-1s") == nil)
        #expect(DurationText.parse("s") == nil)
        #expect(DurationText.parse("10") == nil)
    }

    @Test func smtpPasswordFromFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.file("smtp-password")
        try Data("s3cret\n".utf8).write(to: URL(fileURLWithPath: file))
        var configuration = try AgentConfiguration.parse(
            Data(#"{"smtp":{"url":"smtp://127.0.0.1:2525","security":"none","from":"r@x.com","username":"u","passwordFile":"\#(file)"},"report":{"to":["a@x.com"]}}"#.utf8),
            source: "t")
        #expect(try MailSetup.settings(configuration, environment: [:]).password == "s3cret")
        configuration.smtp?.passwordFile = directory.file("missing")
        #expect(throws: CLIError.self) { try MailSetup.settings(configuration, environment: [:]) }
        #expect(throws: CLIError.self) {
            try AgentConfiguration.parse(
                Data(#"{"smtp":{"url":"smtp://m.example.com","passwordEnv":"X","passwordFile":"/f"}}"#.utf8), source: "t")
        }
    }

    @Test func reconcilePolicyKeys() throws {
        let configuration = try AgentConfiguration.parse(
            Data(#"{"reconcile":{"suspended":"revoke","parkedMaxAge":"2d","maxDeactivationShare":0.05}}"#.utf8),
            source: "t")
        let options = configuration.reconcile.options(dryRun: true)
        #expect(options.policy.suspended == .revoke)
        #expect(options.parkedMaxAge == 2 * 86400)
        #expect(options.maxDeactivationShare == 0.05)
        #expect(options.dryRun)
        #expect(AgentConfiguration().reconcile.options().policy.suspended == .keep)
        #expect(throws: CLIError.self) {
            try AgentConfiguration.parse(Data(#"{"reconcile":{"suspended":"maybe"}}"#.utf8), source: "t")
        }
        #expect(throws: CLIError.self) {
            try AgentConfiguration.parse(Data(#"{"reconcile":{"parkedMaxAge":"5m"}}"#.utf8), source: "t")
        }
    }
}
