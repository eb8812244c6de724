import Agent
import Core
import Crypto
import Foundation
import Testing
import TestSupport

/// `okta keygen` and `okta configure --client-id … --private-key-file …`, in-process, and a
/// reconcile run through OAuth against the fake Okta.
@Suite struct OktaOAuthCommandTests {
    @Test func credentialOptionsAreValidated() async throws {
        let runner = CommandRunner(output: CapturedOutput())
        let base = ["okta", "configure", "acme", "c", "--org", "https://a.okta.com", "--app", "0oa1"]
        #expect(await runner.run(arguments: base + ["--token-env", "T", "--client-id", "0oa2", "--private-key-file", "/k"]) == .usage)
        #expect(await runner.run(arguments: base + ["--token-file", "/t", "--private-key-file", "/k"]) == .usage)
        #expect(await runner.run(arguments: base + ["--client-id", "0oa2"]) == .usage)
        #expect(await runner.run(arguments: base + ["--private-key-file", "/k", "--key-id", "x"]) == .usage)
        #expect(await runner.run(arguments: base + ["--client-id", "0o a", "--private-key-file", "/k"]) == .usage)
        #expect(await runner.run(arguments: ["okta", "keygen"]) == .usage)
        #expect(await runner.run(arguments: ["okta", "keygen", "--out", "/tmp/x", "--kind", "dsa"]) == .usage)
    }

    @Test(arguments: ["rsa", "ec"])
    func keygenWritesA0600KeyAndPrintsAJWKThatVerifiesItsSignatures(kind: String) async throws {
        try await withTemporaryDirectory { directory in
            let out = directory.file("keys")
            let output = CapturedOutput()
            let runner = CommandRunner(output: output)
            #expect(await runner.run(arguments: ["okta", "keygen", "--out", out, "--kind", kind]) == .success)
            let path = out + "/private-key.pem"
            let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
            #expect(mode == 0o600)
            let jwk = try JSONWebKey(json: output.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(jwk.keyType == (kind == "rsa" ? "RSA" : "EC") && jwk.use == "sig" && jwk.keyID == jwk.thumbprint)
            #expect(!output.standardOutput.contains("PRIVATE") && !output.standardError.contains("PRIVATE"))
            let key = try SigningKey(contentsOfFile: path)
            let jws = try CompactJWS.sign(header: Array(#"{"alg":"\#(key.algorithm.rawValue)"}"#.utf8), payload: [1, 2, 3], with: key)
            #expect(jws.isValid(under: try VerificationKey(jwk: jwk)))
            // Never overwrites an existing key.
            #expect(await runner.run(arguments: ["okta", "keygen", "--out", out]) == .failure)
            #expect(try SigningKey(contentsOfFile: path).publicJWK() == key.publicJWK())
        }
    }

    @Test func configureChecksTheKeyFileWarnsOnLoosePermissionsAndReconcilesThroughOAuth() async throws {
        try await withTemporaryDirectory { directory in
            let okta = FakeOkta(scenario: FakeOktaScenario(appUsers: [
                .init(id: "00u1", externalID: "scim-1", userName: "a@example.com")
            ]))
            let base = try await okta.start()
            defer { Task { await okta.stop() } }
            let db = directory.file("roster.db")
            let output = CapturedOutput()
            let runner = CommandRunner(output: output, environment: [:])
            #expect(await runner.run(arguments: ["tenant", "create", "acme", "--db", db]) == .success)
            #expect(await runner.run(arguments: ["connection", "create", "acme", "--name", "okta", "--db", db]) == .success)
            #expect(await runner.run(arguments: ["okta", "keygen", "--out", directory.file("k"), "--kind", "ec"]) == .success)
            let jwkLine = output.standardOutput.split(separator: "\n").last.map(String.init) ?? ""
            let jwk = try JSONWebKey(json: jwkLine)
            okta.registerServiceApp(FakeOktaServiceApp(clientID: "0oasvc", publicKey: jwk))
            let keyFile = directory.file("k/private-key.pem")
            let configure = [
                "okta", "configure", "acme", "okta", "--org", base, "--app", "0oaapp", "--client-id", "0oasvc",
                "--key-id", jwk.keyID ?? "", "--db", db, "--private-key-file",
            ]
            // The key file must exist and hold a private key.
            #expect(await runner.run(arguments: configure + [directory.file("missing.pem")]) == .usage)
            try "not a key".write(toFile: directory.file("bad.pem"), atomically: true, encoding: .utf8)
            #expect(await runner.run(arguments: configure + [directory.file("bad.pem")]) == .usage)
            #expect(await runner.run(arguments: configure + [keyFile]) == .success)
            #expect(!output.standardError.contains("warning"))
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile)
            #expect(await runner.run(arguments: configure + [keyFile]) == .success)
            #expect(output.standardError.contains("warning: \(keyFile) is readable by group or others"))
            // The database holds the path, never the key.
            let pem = try String(contentsOfFile: keyFile, encoding: .utf8)
            let body = pem.split(separator: "\n").dropFirst().first.map(String.init) ?? "-"
            let dbBytes = [db, db + "-wal"].compactMap { FileManager.default.contents(atPath: $0) }.reduce(Data(), +)
            #expect(dbBytes.range(of: Data(body.utf8)) == nil)
            #expect(!output.standardOutput.contains(body) && !output.standardError.contains(body))

            #expect(await runner.run(arguments: ["reconcile", "acme", "okta", "--db", db]) == .success)
            #expect(output.standardOutput.contains("provision-user"))
            #expect(okta.issuedTokenCount == 1)
            #expect(okta.authorizations.allSatisfy { $0.hasPrefix("Bearer ") })
        }
    }
}
