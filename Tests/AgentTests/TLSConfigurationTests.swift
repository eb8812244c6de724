import Crypto
import Foundation
import HTTPServer
import Testing

@testable import Agent

/// The `tls` config keys and the `tls self-signed` command line.
@Suite("TLS configuration and command line")
struct TLSConfigurationTests {
    private func parse(_ json: String) throws(CLIError) -> AgentConfiguration {
        try parseConfiguration(json)
    }

    private func invocation(_ line: String) throws(CLIError) -> Invocation {
        try CommandLineParser.parse(line.split(separator: " ").map(String.init))
    }

    @Test func tlsKeys() throws {
        let minimal = try parse(#"{"tls":{"certificate":"/c.pem","privateKey":"/k.pem"}}"#)
        #expect(minimal.tls == TLSConfiguration(certificate: "/c.pem", privateKey: "/k.pem"))
        #expect(minimal.tls?.minimumVersion == .v1_2)
        #expect(minimal.tls?.opsListen == nil)
        #expect(minimal.effectiveBaseURL == "https://127.0.0.1:8080")
        let full = try parse(
            #"{"tls":{"certificate":"/c.pem","privateKey":"/k.pem","minimumVersion":"1.3","opsListen":"127.0.0.1:9090"}}"#)
        #expect(full.tls?.minimumVersion == .v1_3)
        #expect(full.tls?.opsListen == ListenAddress(host: "127.0.0.1", port: 9090))
        #expect(try parse(#"{"tls":{"certificate":"/c","privateKey":"/k","opsListen":"[::1]:9"}}"#).tls?.opsListen?.host == "::1")
    }

    @Test(arguments: [
        (#"{"tls":{"certificate":"/c","privateKey":"/k","minimumVersion":"1.1"}}"#, "RFC 8996"),
        (#"{"tls":{"certificate":"/c","privateKey":"/k","minimumVersion":"1.0"}}"#, "\"tls.minimumVersion\""),
        (#"{"tls":{"certificate":"/c","privateKey":"/k","minimumVersion":"SSLv3"}}"#, "\"tls.minimumVersion\""),
        (#"{"tls":{"certificate":"/c","privateKey":"/k","minimumVersion":1.2}}"#, "tls.minimumVersion"),
        (#"{"tls":{"certificate":"/c","privateKey":"/k","opsListen":"0.0.0.0:9090"}}"#, "loopback"),
        (#"{"tls":{"certificate":"/c","privateKey":"/k","opsListen":"9090"}}"#, "\"tls.opsListen\""),
        (#"{"tls":{"certificate":"/c","privateKey":"/k","ciphers":"ALL"}}"#, "ciphers"),
    ])
    func invalidTLS(_ json: String, _ fragment: String) {
        expectConfigurationError(json, mentioning: fragment)
    }

    @Test func selfSignedCommandLine() throws {
        #expect(
            try invocation("tls self-signed --out /tmp/x --host roster.example.com").command
                == .tlsSelfSigned(out: "/tmp/x", host: "roster.example.com", keyType: .ec, force: false))
        #expect(
            try invocation("tls self-signed --host 10.0.0.5 --out d --key rsa --force").command
                == .tlsSelfSigned(out: "d", host: "10.0.0.5", keyType: .rsa, force: true))
        #expect(try invocation("tls --help").command == .help(topic: ["tls"]))
        #expect(try invocation("tls self-signed --help").command == .help(topic: ["tls", "self-signed"]))
        #expect(Usage.text(for: ["tls", "self-signed"])?.contains("--host NAME") == true)
        #expect(Usage.overview.contains("tls self-signed"))
        for (line, fragment) in [
            ("tls", "needs a subcommand"),
            ("tls renew", "unknown command 'tls renew'"),
            ("tls self-signed --host h", "needs --out DIR"),
            ("tls self-signed --out d", "needs --host NAME"),
            ("tls self-signed --out d --host a/b", "--host must be"),
            ("tls self-signed --out d --host h --key dsa", "--key must be ec or rsa"),
            ("tls self-signed --out d --host h --listen 1:2", "not valid for 'tls self-signed'"),
            ("tls self-signed --out d --host h extra", "unexpected argument"),
        ] {
            do {
                _ = try invocation(line)
                Issue.record("expected a usage error for \(line)")
            } catch {
                #expect(error.exitCode == .usage, "\(line)")
                #expect(error.message.contains(fragment), "\(error.message) should mention \(fragment)")
            }
        }
    }
}
