import Foundation
import Store
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `roster serve` as a real process on 127.0.0.1 port 0 with a real database file.
@Suite("roster serve (live binary)")
struct ServeLiveTests {
    /// Starts `roster serve` on a free port and returns the child and its port.
    static func startServer(db: String, extra: [String] = []) async throws -> (ChildProcess, Int) {
        let child = try ChildProcess(RosterBinary.path, ["serve", "--listen", "127.0.0.1:0", "--db", db] + extra)
        let line = try #require(
            await child.waitForStandardError(containing: "\"listening\""), "server did not start: \(child.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        return (child, try #require(object["port"] as? Int))
    }

    @Test func healthReadinessLogsAndGracefulStop() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("roster.db")
        let (server, port) = try await Self.startServer(db: db)

        let health = try await HTTPFetch.send("GET", "http://127.0.0.1:\(port)/healthz", headers: ["X-Request-ID": "abc-123"])
        #expect(health.status == 200)
        #expect(health.body == #"{"status":"ok"}"#)
        #expect(health.headers["x-request-id"] == "abc-123")

        let ready = try await HTTPFetch.send("GET", "http://127.0.0.1:\(port)/readyz")
        #expect(ready.status == 200)
        #expect(ready.headers["x-request-id"]?.isEmpty == false)

        let missing = try await HTTPFetch.send(
            "GET", "http://127.0.0.1:\(port)/nope?secret=1", headers: ["Authorization": "Bearer rst_supersecret"])
        #expect(missing.status == 404)

        // Admin commands work on the same database while serve runs.
        let admin = try await ChildProcess.run(["tenant", "create", "acme", "--db", db])
        #expect(admin.status == 0, "\(admin.err)")

        server.send(SIGTERM)
        let status = await server.wait(timeout: .seconds(15))
        #expect(status == 0)

        let lines = server.standardError.split(separator: "\n").map(String.init)
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count, "every log line is JSON")
        let requests = objects.filter { $0["msg"] as? String == "request" }
        #expect(requests.count == 3)
        #expect(requests.first?["route"] as? String == "/healthz")
        #expect(requests.first?["requestId"] as? String == "abc-123")
        #expect(requests.first?["status"] as? Int == 200)
        #expect(requests.first?["durationMs"] is Double || requests.first?["durationMs"] is Int)
        #expect(requests.last?["status"] as? Int == 404)
        #expect(objects.contains { $0["msg"] as? String == "stopped" })
        #expect(!server.standardError.contains("supersecret"))
        #expect(!server.standardError.contains("secret=1"))
        #expect(!server.standardError.lowercased().contains("authorization"))
    }

    /// The request id the server assigns (here: the client's sane `X-Request-ID`) is the one the
    /// SCIM write's audit event carries.
    @Test func scimAuditEventsCarryTheRequestID() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("roster.db")
        func cli(_ arguments: [String]) async throws -> [String: Any] {
            let result = try await ChildProcess.run(arguments + ["--db", db, "--json"])
            #expect(result.status == 0, "\(result.err)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        }
        _ = try await cli(["tenant", "create", "acme"])
        let connectionID = try #require(try await cli(["connection", "create", "acme", "--name", "okta"])["id"] as? String)
        let token = try #require(try await cli(["token", "create", "acme", connectionID])["token"] as? String)
        let (server, port) = try await Self.startServer(db: db)
        defer { server.send(SIGKILL) }
        let created = try await HTTPFetch.send(
            "POST", "http://127.0.0.1:\(port)/scim/v2/acme/\(connectionID)/Users",
            headers: [
                "Authorization": "Bearer \(token)", "Content-Type": "application/scim+json", "X-Request-ID": "req-audit-1",
            ],
            body: Data(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ann@example.com"}"#.utf8))
        #expect(created.status == 201)
        #expect(created.headers["x-request-id"] == "req-audit-1")
        let audit = try await ChildProcess.run(["audit", "acme", "--db", db, "--json"])
        #expect(audit.status == 0, "\(audit.err)")
        func events(in value: Any) -> [[String: Any]] {
            if let list = value as? [Any] { return list.flatMap(events(in:)) }
            guard let object = value as? [String: Any] else { return [] }
            return (object["action"] == nil ? [] : [object]) + object.values.flatMap(events(in:))
        }
        let provisioned = events(in: try JSONSerialization.jsonObject(with: Data(audit.out.utf8)))
            .filter { $0["action"] as? String == "user.provisioned" }
        #expect(!provisioned.isEmpty && provisioned.allSatisfy { $0["requestId"] as? String == "req-audit-1" })
        server.send(SIGINT)
        #expect(await server.wait(timeout: .seconds(15)) == 0)
    }

    @Test func secondServerOnSameDatabaseRefuses() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("roster.db")
        let (first, _) = try await Self.startServer(db: db)
        defer { first.send(SIGKILL) }
        let second = try await ChildProcess.run(["serve", "--listen", "127.0.0.1:0", "--db", db], timeout: .seconds(20))
        #expect(second.status == 1)
        #expect(second.err.contains("another 'roster serve'"))
        // The first one is unaffected.
        first.send(SIGINT)
        #expect(await first.wait(timeout: .seconds(15)) == 0)
    }

    @Test func corruptDatabaseRefusesToStart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("roster.db")
        let created = try await ChildProcess.run(["tenant", "create", "acme", "--db", db])
        #expect(created.status == 0)
        // Overwrite the middle of the file: the header stays valid, pages do not.
        let handle = try #require(FileHandle(forUpdatingAtPath: db))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size > 8192 ? 4096 : 100)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096))
        try handle.close()
        let result = try await ChildProcess.run(["serve", "--listen", "127.0.0.1:0", "--db", db], timeout: .seconds(20))
        #expect(result.status != 0)
        #expect(result.status != nil)
        #expect(result.err.contains(db))
    }

    @Test func startupConfigurationErrors() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.file("tls.json")
        try Data(#"{"tls":{"certificate":"/c.pem","privateKey":"/k.pem"}}"#.utf8).write(to: URL(fileURLWithPath: config))
        var result = try await ChildProcess.run(["serve", "--config", config, "--db", directory.file("a.db")])
        #expect(result.status == 78)
        #expect(result.err.contains("tls"))

        result = try await ChildProcess.run(["serve", "--listen", "nonsense", "--db", directory.file("a.db")])
        #expect(result.status == 64)

        // A port that is already taken is a clear failure, not a hang.
        let (first, port) = try await Self.startServer(db: directory.file("b.db"))
        defer { first.send(SIGKILL) }
        result = try await ChildProcess.run(["serve", "--listen", "127.0.0.1:\(port)", "--db", directory.file("c.db")])
        #expect(result.status == 1)
        #expect(result.err.contains("cannot listen"))
    }
}

/// The SCIM receiver over real sockets with the real binary: what Okta does on assignment.
@Suite("SCIM over the wire (live binary)")
struct SCIMLiveTests {
    @Test func oktaAssignmentFlowAndSecretsHygiene() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("roster.db")
        let fixture = try await SCIMConnectionFixture.create(db: db)
        let (connectionID, token) = (fixture.connectionID, fixture.token)
        let (server, port) = try await ServeLiveTests.startServer(db: db)
        defer { server.send(SIGKILL) }
        let base = "http://127.0.0.1:\(port)/scim/v2/acme/\(connectionID)"
        let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/scim+json"]

        var reply = try await HTTPFetch.send("GET", base + "/Users?filter=userName%20eq%20%22jdoe%40example.com%22", headers: auth)
        #expect(reply.status == 200)
        #expect(reply.body.contains(#""totalResults":0"#))
        let body = #"{"userName":"jdoe@example.com","externalId":"00u1","password":"Sup3rSecret!","active":true,"name":{"givenName":"J","familyName":"D"}}"#
        reply = try await HTTPFetch.send("POST", base + "/Users", headers: auth, body: Data(body.utf8))
        #expect(reply.status == 201)
        #expect(reply.headers["content-type"] == "application/scim+json")
        #expect(reply.headers["location"]?.hasPrefix("http://127.0.0.1:\(port)/scim/v2/acme/") == true)
        #expect(!reply.body.contains("Sup3rSecret!"))
        let id = try #require(
            (try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any])?["id"] as? String)
        let deactivate = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}"#
        reply = try await HTTPFetch.send("PATCH", base + "/Users/\(id)", headers: auth, body: Data(deactivate.utf8))
        #expect(reply.status == 200)
        #expect(reply.body.contains(#""active":false"#))
        reply = try await HTTPFetch.send("GET", base + "/Users", headers: ["Authorization": "Bearer nope"])
        #expect(reply.status == 401)

        server.send(SIGTERM)
        #expect(await server.wait(timeout: .seconds(15)) == 0)
        // Secrets hygiene: no token, Authorization header or password in logs or the database.
        let log = server.standardError
        #expect(log.contains("/scim/v2/:tenant/:connection/Users"))
        for secret in [token, "Sup3rSecret!", "Bearer"] { #expect(!log.contains(secret)) }
        for suffix in ["", "-wal"] {
            if let bytes = FileManager.default.contents(atPath: db + suffix) {
                for secret in [token, "Sup3rSecret!"] { #expect(bytes.range(of: Data(secret.utf8)) == nil) }
            }
        }
    }
}

/// A graceful stop does not wait out change-feed long-polls.
@Suite("Graceful stop with long-polls (live binary)")
struct LongPollStopTests {
    @Test func sigtermAnswersPendingLongPolls() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("roster.db")
        _ = try await ChildProcess.run(["tenant", "create", "acme", "--db", db])
        let created = try await ChildProcess.run(["token", "create", "acme", "--platform", "--db", db, "--json"])
        let token = try #require(
            (try JSONSerialization.jsonObject(with: Data(created.out.utf8)) as? [String: Any])?["token"] as? String)
        let (server, port) = try await ServeLiveTests.startServer(db: db)
        defer { server.send(SIGKILL) }
        let url = "http://127.0.0.1:\(port)/api/v1/tenants/acme/events?after="
        // Start from the end of the feed, then wait up to 30 s for more.
        let first = try await HTTPFetch.send("GET", "http://127.0.0.1:\(port)/api/v1/tenants/acme/events", headers: ["Authorization": "Bearer \(token)"])
        let next = try #require(
            (try JSONSerialization.jsonObject(with: Data(first.body.utf8)) as? [String: Any])?["next"] as? String)
        let poll = Task {
            try await HTTPFetch.send("GET", url + next + "&wait=30", headers: ["Authorization": "Bearer \(token)"], timeout: 40)
        }
        try await Task.sleep(for: .milliseconds(500))
        let stopping = ContinuousClock.now
        server.send(SIGTERM)
        #expect(await server.wait(timeout: .seconds(15)) == 0)
        #expect(stopping.duration(to: .now) < .seconds(8))  // the long-poll alone would take 30 s
        let reply = try await poll.value
        #expect(reply.status == 200)
    }
}
