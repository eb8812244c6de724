import Foundation
import Store
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The platform API through the real `roster serve` process on 127.0.0.1, data pushed over SCIM
/// and tokens made with the CLI, as an operator and the platform would.
@Suite("platform API (live binary)")
struct PlatformLiveTests {
    /// Runs a CLI command on `db` and returns its JSON output.
    static func cli(_ arguments: [String], db: String) async throws -> [String: Any] {
        let result = try await ChildProcess.run(arguments + ["--db", db, "--json"])
        #expect(result.status == 0, "\(arguments): \(result.err)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
    }

    static func json(_ body: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func endToEndWithCLITokensLongPollAndRevocation() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("roster.db")
        _ = try await ChildProcess.run(["tenant", "create", "acme", "--db", db])
        let connection = try await Self.cli(["connection", "create", "acme", "--name", "okta"], db: db)
        let connectionID = try #require(connection["id"] as? String)
        let scim = try #require(try await Self.cli(["token", "create", "acme", "okta"], db: db)["token"] as? String)
        let platformToken = try await Self.cli(["token", "create", "acme", "--platform"], db: db)
        let platform = try #require(platformToken["token"] as? String)
        let platformID = try #require(platformToken["id"] as? String)

        let (server, port) = try await ServeLiveTests.startServer(db: db)
        defer { server.send(SIGKILL) }
        let base = "http://127.0.0.1:\(port)"
        let api = "\(base)/api/v1/tenants/acme"
        let auth = ["Authorization": "Bearer \(platform)"]

        let created = try await HTTPFetch.send(
            "POST", "\(base)/scim/v2/acme/\(connectionID)/Users",
            headers: ["Authorization": "Bearer \(scim)", "Content-Type": "application/scim+json"],
            body: Data(#"{"userName":"Alice@Example.com","active":true}"#.utf8))
        #expect(created.status == 201)
        let aliceID = try #require(Self.json(created.body)["id"] as? String)

        let access = try await HTTPFetch.send("GET", "\(api)/access/alice@example.com", headers: auth)
        #expect(access.status == 200)
        #expect(access.headers["content-type"] == "application/json")
        #expect(Self.json(access.body)["allowed"] as? Bool == true)
        #expect(Self.json(access.body)["userId"] as? String == aliceID)

        let users = try await HTTPFetch.send("GET", "\(api)/users?limit=10", headers: auth)
        #expect(users.status == 200)
        #expect((Self.json(users.body)["items"] as? [Any])?.count == 1)
        #expect(try await HTTPFetch.send("GET", "\(api)/users/\(aliceID)", headers: auth).status == 200)
        #expect(try await HTTPFetch.send("GET", "\(api)/teams", headers: auth).status == 200)
        let badCursor = try await HTTPFetch.send("GET", "\(api)/events?after=bogus", headers: auth)
        #expect(badCursor.status == 400)
        #expect(badCursor.body.contains(#""code":"invalid_cursor""#))

        // SCIM token refused here; platform token refused on SCIM.
        #expect(try await HTTPFetch.send("GET", "\(api)/users", headers: ["Authorization": "Bearer \(scim)"]).status == 401)
        #expect(
            try await HTTPFetch.send("GET", "\(base)/scim/v2/acme/\(connectionID)/Users", headers: auth).status == 401)

        // Head of the feed, then a long-poll woken by a CLI write in another process.
        let head = try #require(
            Self.json(try await HTTPFetch.send("GET", "\(api)/events?limit=1000", headers: auth).body)["next"] as? String)
        let clock = ContinuousClock()
        let poll = Task { try await HTTPFetch.send("GET", "\(api)/events?wait=20&after=\(head)", headers: auth, timeout: 30) }
        try await Task.sleep(for: .milliseconds(300))
        _ = try await Self.cli(["token", "create", "acme", "--platform"], db: db)
        let written = clock.now
        let woken = try await poll.value
        let delay = written.duration(to: clock.now)
        let events = Self.json(woken.body)["events"] as? [[String: Any]] ?? []
        #expect(events.first?["action"] as? String == "token.created")
        #expect(delay < .seconds(5), "a CLI write wakes the long-poll within the poll interval: \(delay)")
        #expect(!woken.body.contains(platform))

        // Revoked with the CLI: refused on the very next request, also by readers that had just
        // verified the token (and remember it until anything commits).
        for _ in 0..<8 {
            #expect(try await HTTPFetch.send("GET", "\(api)/access/alice@example.com", headers: auth).status == 200)
        }
        _ = try await ChildProcess.run(["token", "revoke", "acme", platformID, "--db", db])
        for _ in 0..<4 {
            #expect(try await HTTPFetch.send("GET", "\(api)/access/alice@example.com", headers: auth).status == 401)
        }

        server.send(SIGTERM)
        #expect(await server.wait(timeout: .seconds(15)) == 0)
        #expect(!server.standardError.contains(platform))
    }
}
