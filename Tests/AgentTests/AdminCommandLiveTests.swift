import Foundation
import Store
import Testing
import TestSupport

/// The admin CLI run as a real process against a real SQLite file.
@Suite("Admin commands (live binary)")
struct AdminCommandLiveTests {
    private func roster(_ arguments: [String], db: String) async throws -> (status: Int32?, out: String, err: String) {
        try await ChildProcess.run(arguments + ["--db", db])
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func tenantConnectionTokenLifecycle() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("roster.db")

        var result = try await roster(["tenant", "create", "acme"], db: db)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("acme"))

        result = try await roster(["tenant", "create", "acme"], db: db)
        #expect(result.status == 1)
        #expect(result.err.contains("acme"))

        result = try await roster(["tenant", "list", "--json"], db: db)
        let tenants = try #require(try json(result.out)["tenants"] as? [[String: Any]])
        #expect(tenants.map { $0["name"] as? String } == ["acme"])

        result = try await roster(["connection", "create", "acme", "--name", "Okta prod", "--json"], db: db)
        #expect(result.status == 0, "\(result.err)")
        let connection = try json(result.out)
        let connectionID = try #require(connection["id"] as? String)
        #expect(connection["scimBaseURL"] as? String == "http://127.0.0.1:8080/scim/v2/acme/\(connectionID)")
        #expect(connection["idp"] as? String == "okta")

        result = try await roster(["connection", "create", "nope", "--name", "x"], db: db)
        #expect(result.status == 1)
        #expect(result.err.contains("nope"))

        result = try await roster(["token", "create", "acme", "Okta prod", "--json"], db: db)
        #expect(result.status == 0, "\(result.err)")
        let created = try json(result.out)
        let secret = try #require(created["token"] as? String)
        let tokenID = try #require(created["id"] as? String)
        #expect(created["connection"] as? String == connectionID)
        #expect(secret.count >= 40)

        result = try await roster(["token", "create", "acme", "--platform"], db: db)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("shown only once"))

        result = try await roster(["token", "create", "acme", "no-such-connection"], db: db)
        #expect(result.status == 1)

        result = try await roster(["token", "list", "acme", "--json"], db: db)
        #expect(!result.out.contains(secret))
        let tokens = try #require(try json(result.out)["tokens"] as? [[String: Any]])
        #expect(tokens.count == 2)
        #expect(tokens.allSatisfy { $0["token"] == nil })

        result = try await roster(["token", "revoke", "acme", tokenID, "--json"], db: db)
        #expect(result.status == 0, "\(result.err)")
        #expect(try json(result.out)["status"] as? String == "revoked")

        result = try await roster(["token", "revoke", "acme", "tok0000000000000000"], db: db)
        #expect(result.status == 1)

        result = try await roster(["token", "list", "acme"], db: db)
        #expect(result.out.contains("revoked"))
        #expect(result.out.contains("active"))

        // The secret never reaches the database file (only its SHA-256 digest is stored).
        for suffix in ["", "-wal"] {
            if let bytes = FileManager.default.contents(atPath: db + suffix) {
                #expect(bytes.range(of: Data(secret.utf8)) == nil)
            }
        }
    }

    @Test func usageAndConfigErrors() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("roster.db")

        var result = try await roster(["tenant", "create", "Not_A_Slug"], db: db)
        #expect(result.status == 64)
        #expect(result.err.contains("invalid tenant name"))
        #expect(result.out.isEmpty)

        result = try await roster(["frobnicate"], db: db)
        #expect(result.status == 64)

        result = try await roster(["--help"], db: db)
        #expect(result.status == 0)
        #expect(result.out.contains("USAGE: roster"))

        result = try await roster(["help", "token", "create"], db: db)
        #expect(result.status == 0)
        #expect(result.out.contains("--platform"))

        let config = directory.file("config.json")
        try Data(#"{"databse":"x.db"}"#.utf8).write(to: URL(fileURLWithPath: config))
        result = try await roster(["tenant", "list", "--config", config], db: db)
        #expect(result.status == 78)
        #expect(result.err.contains("\"databse\""))

        result = try await roster(["tenant", "list", "--config", directory.file("missing.json")], db: db)
        #expect(result.status == 78)
    }

    @Test func configSuppliesDatabaseAndBaseURL() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.file("config.json")
        let db = directory.file("from-config.db")
        try Data(#"{"database":"\#(db)","publicBaseURL":"https://roster.example.com"}"#.utf8)
            .write(to: URL(fileURLWithPath: config))
        var result = try await ChildProcess.run(["tenant", "create", "acme", "--config", config])
        #expect(result.status == 0, "\(result.err)")
        #expect(FileManager.default.fileExists(atPath: db))
        result = try await ChildProcess.run(["connection", "create", "acme", "--name", "o", "--config", config])
        #expect(result.out.contains("https://roster.example.com/scim/v2/acme/"))
    }

    @Test func unreadableDatabaseIsAClearError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let garbage = directory.file("garbage.db")
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: garbage))
        let result = try await roster(["tenant", "list"], db: garbage)
        #expect(result.status == 1)
        #expect(result.err.contains(garbage))
    }
}
