import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A scripted run against the real binary: SCIM traffic, then `/metrics`, the request log,
/// `roster audit`, `roster access`, `roster rejected`, and a secrets scan of logs and database.
@Suite("Observability (live binary)")
struct ObservabilityLiveTests {
    @Test func scriptedRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("roster.db")
        let fixture = try await SCIMConnectionFixture.create(db: db)
        let (server, port) = try await ServeLiveTests.startServer(db: db)
        defer { server.send(SIGKILL) }
        let base = "http://127.0.0.1:\(port)/scim/v2/acme/\(fixture.connectionID)"
        let headers = ["Authorization": "Bearer \(fixture.token)", "Content-Type": "application/scim+json",
                       "User-Agent": "Okta SCIM Client 1.0.0"]
        let password = "Pa55-word-never-stored"
        var reply = try await HTTPFetch.send(
            "POST", base + "/Users", headers: headers,
            body: Data(#"{"userName":"obs@example.com","externalId":"00uobs","password":"\#(password)","active":true}"#.utf8))
        #expect(reply.status == 201)
        let userID = try #require(
            (try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any])?["id"] as? String)
        try await Task.sleep(for: .milliseconds(20))
        let beforeDeactivation = Date()
        try await Task.sleep(for: .milliseconds(20))
        reply = try await HTTPFetch.send(
            "PATCH", base + "/Users/\(userID)", headers: headers,
            body: Data(#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}"#.utf8))
        #expect(reply.status == 200)
        reply = try await HTTPFetch.send(
            "POST", base + "/Users", headers: headers,
            body: Data(#"{"userName":"OBS@example.com","password":"\#(password)"}"#.utf8))
        #expect(reply.status == 409)
        reply = try await HTTPFetch.send("GET", base + "/Users", headers: ["Authorization": "Bearer rst_wrong"])
        #expect(reply.status == 401)

        // Metrics: valid exposition, counters moved.
        let metrics = try await HTTPFetch.send("GET", "http://127.0.0.1:\(port)/metrics")
        #expect(metrics.status == 200)
        try PrometheusValidation.validate(metrics.body)
        #expect(metrics.body.contains(#"roster_scim_operations_total{operation="user.create",outcome="ok"} 1"#))
        #expect(metrics.body.contains(#"roster_scim_operations_total{operation="user.create",outcome="rejected"} 1"#))
        #expect(metrics.body.contains(#"roster_scim_operations_total{operation="user.patch",outcome="ok"} 1"#))
        #expect(metrics.body.contains(#"roster_users{tenant="acme",state="inactive"} 1"#))
        #expect(metrics.body.contains("roster_http_request_duration_seconds_bucket"))

        // The CLI views, while serve runs.
        var cli = try await ChildProcess.run(["rejected", "acme", "--db", db, "--json"])
        for _ in 0..<50 where !cli.out.contains("uniqueness") {
            try await Task.sleep(for: .milliseconds(50))
            cli = try await ChildProcess.run(["rejected", "acme", "--db", db, "--json"])
        }
        #expect(cli.status == 0)
        #expect(cli.out.contains("uniqueness"))
        #expect(cli.out.contains("OBS@example.com"))
        cli = try await ChildProcess.run(["audit", "acme", "--user-name", "obs@example.com", "--db", db, "--json"])
        #expect(cli.status == 0, "\(cli.err)")
        #expect(cli.out.contains("user.provisioned"))
        #expect(cli.out.contains("user.deactivated"))
        cli = try await ChildProcess.run(["audit", "acme", "--since", "1h", "--db", db])
        #expect(cli.out.contains("user.deactivated"))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let at = formatter.string(from: beforeDeactivation)
        cli = try await ChildProcess.run(["access", "acme", "--at", at, "--db", db, "--json"])
        #expect(cli.status == 0, "\(cli.err)")
        #expect(cli.out.contains(#""active" : true"#))
        cli = try await ChildProcess.run(["access", "acme", "--at", "yesterday-ish", "--db", db])
        #expect(cli.status == 64)

        server.send(SIGTERM)
        #expect(await server.wait(timeout: .seconds(15)) == 0)
        // Every log line is JSON and carries the request facts.
        let lines = server.standardError.split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count)
        let create = try #require(objects.first { $0["operation"] as? String == "user.create" })
        #expect(create["dialect"] as? String == "okta")
        #expect(create["externalId"] as? String == "00uobs")
        #expect(objects.contains { $0["scimType"] as? String == "uniqueness" })
        // Secrets hygiene: nothing secret in the log or the database files.
        for secret in [fixture.token, password, "Bearer", "rst_wrong"] {
            #expect(!server.standardError.contains(secret), "log contains \(secret)")
        }
        for suffix in ["", "-wal"] {
            if let bytes = FileManager.default.contents(atPath: db + suffix) {
                for secret in [fixture.token, password] {
                    #expect(bytes.range(of: Data(secret.utf8)) == nil, "database contains a secret")
                }
            }
        }
    }
}
