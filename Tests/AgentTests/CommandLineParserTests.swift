import Core
import Foundation
import Testing

@testable import Agent

@Suite("Command line parsing")
struct CommandLineParserTests {
    private func parse(_ line: String) throws(CLIError) -> Invocation {
        try CommandLineParser.parse(line.split(separator: " ").map(String.init))
    }

    @Test func commands() throws {
        let acme = try TenantName.parse("acme")
        #expect(try parse("serve").command == .serve(listen: nil))
        #expect(try parse("serve --listen 0.0.0.0:9000").command == .serve(listen: "0.0.0.0:9000"))
        #expect(try parse("serve --listen=127.0.0.1:0").command == .serve(listen: "127.0.0.1:0"))
        #expect(try parse("tenant create acme").command == .tenantCreate(acme))
        #expect(try parse("tenant list").command == .tenantList)
        #expect(
            try parse("connection create acme --name Okta --idp entra").command
                == .connectionCreate(tenant: acme, name: "Okta", idp: .entra))
        #expect(
            try parse("connection create acme --name Okta").command
                == .connectionCreate(tenant: acme, name: "Okta", idp: .okta))
        #expect(try parse("connection list").command == .connectionList(tenant: nil))
        #expect(try parse("connection list acme").command == .connectionList(tenant: acme))
        #expect(try parse("token create acme c1").command == .tokenCreate(tenant: acme, target: .connection("c1")))
        #expect(try parse("token create acme --platform").command == .tokenCreate(tenant: acme, target: .platform))
        #expect(try parse("token list acme").command == .tokenList(tenant: acme))
        #expect(try parse("token revoke acme tok1").command == .tokenRevoke(tenant: acme, tokenID: "tok1"))
    }

    @Test func globalOptionsAnywhere() throws {
        let invocation = try parse("--db /tmp/x.db tenant --json list --config /etc/r.json")
        #expect(invocation.command == .tenantList)
        #expect(invocation.global == GlobalOptions(databasePath: "/tmp/x.db", configPath: "/etc/r.json", json: true))
    }

    @Test func help() throws {
        #expect(try parse("").command == .help(topic: []))
        #expect(try CommandLineParser.parse([]).command == .help(topic: []))
        #expect(try parse("--help").command == .help(topic: []))
        #expect(try parse("-h").command == .help(topic: []))
        #expect(try parse("help token create").command == .help(topic: ["token", "create"]))
        #expect(try parse("token create --help").command == .help(topic: ["token", "create"]))
        #expect(try parse("serve -h").command == .help(topic: ["serve"]))
        #expect(try parse("token --help").command == .help(topic: ["token"]))
        for topic in [[], ["serve"], ["tenant", "create"], ["token", "revoke"], ["connection", "list"]] {
            #expect(Usage.text(for: topic) != nil)
        }
    }

    @Test(
        "usage errors exit 64",
        arguments: [
            "frobnicate", "tenant", "tenant create", "tenant create Acme", "tenant create acme extra",
            "tenant delete acme", "connection create acme", "connection create acme --name Okta --idp ping",
            "token create acme", "token create acme c1 --platform", "token revoke acme", "serve --bogus",
            "serve --listen", "tenant list --name x", "tenant list --db a --db b", "tenant list --json=yes",
            "connection list Bad_Name", "serve extra",
        ])
    func usageErrors(_ line: String) {
        do {
            let invocation = try parse(line)
            Issue.record("expected a usage error, got \(invocation)")
        } catch {
            #expect(error.exitCode == .usage)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func doubleDashEndsOptions() throws {
        #expect(try CommandLineParser.parse(["token", "revoke", "acme", "--", "--weird"]).command
            == .tokenRevoke(tenant: try TenantName.parse("acme"), tokenID: "--weird"))
    }
}

@Suite("Inspection command lines")
struct InspectionCommandLineTests {
    @Test func parses() throws {
        let acme = try TenantName.parse("acme")
        #expect(try CommandLineParser.parse(["audit", "acme", "--user-name", "a@b.c", "--since", "24h"]).command
            == .audit(tenant: acme, filter: AuditFilter(userName: "a@b.c", since: "24h")))
        #expect(try CommandLineParser.parse(["audit", "acme", "--team", "t1", "--limit", "5"]).command
            == .audit(tenant: acme, filter: AuditFilter(teamID: "t1", limit: 5)))
        #expect(try CommandLineParser.parse(["access", "acme", "--at", "2026-11-29T08:00:00Z"]).command
            == .access(tenant: acme, at: "2026-11-29T08:00:00Z", userName: nil))
        #expect(try CommandLineParser.parse(["rejected", "acme"]).command == .rejected(tenant: acme, limit: 50))
        #expect(try CommandLineParser.parse(["serve", "--log-format", "text"]).global.logFormat == "text")
        for bad in [["audit"], ["audit", "acme", "--user", "x", "--user-name", "y"], ["access", "acme"],
                    ["rejected", "acme", "--limit", "0"], ["audit", "acme", "--at", "x"], ["tenant", "list", "--log-format", "text"]] {
            #expect(throws: CLIError.self) { try CommandLineParser.parse(bad) }
        }
        for topic in [["audit"], ["access"], ["rejected"]] { #expect(Usage.text(for: topic) != nil) }
    }

    @Test func times() throws {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(try InspectionCommands.time("2026-11-29T08:00:00Z", now: now, topic: "x").timeIntervalSince1970 == 1_795_939_200)
        #expect(try InspectionCommands.time("2h", now: now, topic: "x") == now.addingTimeInterval(-7200))
        #expect(try InspectionCommands.time("7d", now: now, topic: "x") == now.addingTimeInterval(-7 * 86400))
        #expect(throws: CLIError.self) { try InspectionCommands.time("soon", now: now, topic: "x") }
    }

    @Test func observabilityConfigKeys() throws {
        let configuration = try AgentConfiguration.parse(
            Data(#"{"logFormat":"text","logDestination":"/var/log/roster.log","audit":{"retention":"365d"}}"#.utf8),
            source: "t")
        #expect(configuration.logFormat == .text)
        #expect(configuration.logDestination == "/var/log/roster.log")
        #expect(configuration.auditRetention == .seconds(365 * 86400))
        #expect(throws: CLIError.self) { try AgentConfiguration.parse(Data(#"{"logFormat":"xml"}"#.utf8), source: "t") }
        #expect(throws: CLIError.self) { try AgentConfiguration.parse(Data(#"{"audit":{"retention":"1h"}}"#.utf8), source: "t") }
        #expect(throws: CLIError.self) { try AgentConfiguration.parse(Data(#"{"audit":{"keep":1}}"#.utf8), source: "t") }
    }

    @Test func textLogFormat() {
        let sink = MemoryLogSink()
        Logger(level: .info, format: .text, sink: sink).info("request", [("route", .string("/a b")), ("status", .int(200))])
        let line = sink.recorded[0]
        #expect(line.contains(" INFO request route=\"/a b\" status=200"))
    }
}
