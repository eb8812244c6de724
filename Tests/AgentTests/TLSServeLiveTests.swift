import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `roster tls self-signed` and `roster serve` with `tls`, as real processes on 127.0.0.1.
@Suite("roster serve over TLS (live binary)")
struct TLSServeLiveTests {
    /// Writes a config with `tls` (and an ops listener on a free loopback port).
    static func writeConfig(_ directory: TemporaryDirectory, certificate: String, key: String, extra: String = "")
        throws -> String
    {
        let path = directory.file("config.json")
        let json = #"{"tls":{"certificate":"\#(certificate)","privateKey":"\#(key)","opsListen":"127.0.0.1:0"\#(extra)}}"#
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The `port` field of the first log line containing `message`.
    static func port(of child: ChildProcess, _ message: String) async throws -> UInt16 {
        let line = try #require(
            await child.waitForStandardError(containing: message), "no \(message): \(child.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        return UInt16(try #require(object["port"] as? Int))
    }

    func get(_ c: RawHTTPClient, _ path: String = "/healthz") async throws -> RawHTTPResponse {
        try await c.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n")
        return try #require(try await c.readResponse())
    }

    @Test func selfSignedWritesAPairWithAPrivateKeyMode() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let out = directory.file("tls")
        let result = try await ChildProcess.run(["tls", "self-signed", "--out", out, "--host", "localhost", "--json"])
        #expect(result.status == 0, "\(result.err)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        #expect(document["privateKey"] as? String == "\(out)/key.pem")
        let keyMode = try FileManager.default.attributesOfItem(atPath: "\(out)/key.pem")[.posixPermissions] as? Int
        #expect(keyMode == 0o600)
        let pem = try String(contentsOfFile: "\(out)/cert.pem", encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----"))
        // Existing files are kept unless --force.
        let again = try await ChildProcess.run(["tls", "self-signed", "--out", out, "--host", "localhost"])
        #expect(again.status == 1 && again.err.contains("already exists"))
        let forced = try await ChildProcess.run(["tls", "self-signed", "--out", out, "--host", "localhost", "--force", "--key", "rsa"])
        #expect(forced.status == 0 && forced.out.contains("RSA 2048"))
        let usage = try await ChildProcess.run(["tls", "self-signed", "--out", out])
        #expect(usage.status == 64 && usage.err.contains("--host"))
        // config check accepts the pair (no more "not supported" error).
        let config = try Self.writeConfig(directory, certificate: "\(out)/cert.pem", key: "\(out)/key.pem")
        let check = try await ChildProcess.run(["config", "check", "--config", config])
        #expect(check.status == 0, "\(check.out)\(check.err)")
    }

    @Test func servesHTTPSOnlyWithOpsListenerReloadAndGracefulStop() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let out = directory.file("tls")
        #expect(try await ChildProcess.run(["tls", "self-signed", "--out", out, "--host", "localhost"]).status == 0)
        let certificate = "\(out)/cert.pem"
        let key = "\(out)/key.pem"
        let config = try Self.writeConfig(directory, certificate: certificate, key: key)
        let server = try ChildProcess(
            RosterBinary.path, ["serve", "--listen", "127.0.0.1:0", "--db", directory.file("r.db"), "--config", config])
        defer { server.send(SIGKILL) }
        let port = try await Self.port(of: server, "\"listening\"")
        let opsPort = try await Self.port(of: server, "\"ops listening\"")

        let verified = TLSClientOptions(
            serverName: "localhost", trustedCertificatePath: certificate, verifyHost: "localhost")
        let kept = try await RawHTTPClient.connectTLS(port: port, options: verified)
        #expect(try await get(kept).bodyString == #"{"status":"ok"}"#)
        #expect(kept.peerCertificateSubject == "CN=localhost")
        // Plain HTTP on the TLS port is refused; the ops port answers plain HTTP.
        let plain = try await RawHTTPClient.connect(port: port)
        try await plain.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await plain.readResponse()?.status == 400)
        let ops = try await RawHTTPClient.connect(port: opsPort)
        #expect(try await get(ops, "/readyz").status == 200)
        #expect(try await get(ops, "/api/v1/tenants/acme/users").status == 404)  // ops routes only

        // Rotate to a certificate for another name, then SIGHUP.
        #expect(
            try await ChildProcess.run(["tls", "self-signed", "--out", out, "--host", "rotated.localhost", "--force"])
                .status == 0)
        server.send(SIGHUP)
        #expect(await server.waitForStandardError(containing: "\"tls reloaded\"") != nil)
        let fresh = try await RawHTTPClient.connectTLS(port: port)
        #expect(fresh.peerCertificateSubject == "CN=rotated.localhost")
        #expect(try await get(kept).status == 200)  // the connection from before the reload lives on

        // A broken pair at reload: logged, the previous certificate stays.
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: certificate))
        server.send(SIGHUP)
        let failure = await server.waitForStandardError(containing: "tls reload failed")
        #expect(failure?.contains("keeping the previous certificate") == true)
        let afterFailure = try await RawHTTPClient.connectTLS(port: port)
        #expect(afterFailure.peerCertificateSubject == "CN=rotated.localhost")
        #expect(try await get(afterFailure).status == 200)

        // Graceful stop over TLS: the kept-alive connection is closed, exit 0.
        server.send(SIGTERM)
        #expect(await kept.isClosedByPeer(timeout: .seconds(10)))
        #expect(await server.wait(timeout: .seconds(15)) == 0)
    }

    @Test func badPairAtStartIsAClearErrorAndNonZeroExit() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = directory.file("a")
        let second = directory.file("b")
        for (dir, host) in [(first, "a.localhost"), (second, "b.localhost")] {
            #expect(try await ChildProcess.run(["tls", "self-signed", "--out", dir, "--host", host]).status == 0)
        }
        let mismatched = try Self.writeConfig(directory, certificate: "\(first)/cert.pem", key: "\(second)/key.pem")
        let result = try await ChildProcess.run(
            ["serve", "--listen", "127.0.0.1:0", "--db", directory.file("r.db"), "--config", mismatched])
        #expect(result.status == 78)
        #expect(result.err.contains("does not match certificate"), "\(result.err)")
        let check = try await ChildProcess.run(["config", "check", "--config", mismatched])
        #expect(check.status == 78 && check.err.contains("does not match"))
        let missing = try Self.writeConfig(directory, certificate: "/nonexistent/cert.pem", key: "\(second)/key.pem")
        let absent = try await ChildProcess.run(
            ["serve", "--listen", "127.0.0.1:0", "--db", directory.file("r.db"), "--config", missing])
        #expect(absent.status == 78 && absent.err.contains("/nonexistent/cert.pem"))
    }
}
