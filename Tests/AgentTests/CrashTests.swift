import Core
import Foundation
import Store
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// kill -9 durability: a client writes through `roster` while both the writer and the server are
/// killed with SIGKILL at random moments; every write the client saw acknowledged must survive,
/// and the database must pass `PRAGMA integrity_check` and let `serve` start again quickly.
///
/// Writes go through the admin CLI (`tenant create`), each acknowledged by exit status 0, until
/// the SCIM receiver exists. Cycles default to 6 in the suite; set `ROSTER_CRASH_CYCLES` for a
/// long run (hardening.md §3 asks for ≥ 1,000 before a release).
@Suite("Crash durability (kill -9)", .serialized)
struct CrashTests {
    @Test func acknowledgedWritesSurviveKillNine() async throws {
        let cycles = Int(ProcessInfo.processInfo.environment["ROSTER_CRASH_CYCLES"] ?? "") ?? 6
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("roster.db")
        var acknowledged: [String] = []
        var next = 0
        var generator = SystemRandomNumberGenerator()

        for cycle in 0..<cycles {
            let startedAt = ContinuousClock.now
            let (server, _) = try await ServeLiveTests.startServer(db: db)
            #expect(startedAt.duration(to: .now) < .seconds(5), "restart after a crash takes under 5 s")
            let killAt = ContinuousClock.now + .milliseconds(Int.random(in: 150...600, using: &generator))
            var writer: ChildProcess?
            while ContinuousClock.now < killAt {
                let name = "t\(cycle)-\(next)"
                next += 1
                let child = try ChildProcess(RosterBinary.path, ["tenant", "create", name, "--db", db])
                writer = child
                // Kill the writer at a random point of its own run on some iterations.
                if Bool.random(using: &generator) {
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0...30, using: &generator)))
                    child.send(SIGKILL)
                }
                if await child.wait(timeout: .seconds(20)) == 0 { acknowledged.append(name) }
            }
            writer?.send(SIGKILL)
            server.send(SIGKILL)
            await server.wait(timeout: .seconds(10))
        }
        #expect(!acknowledged.isEmpty)

        let database = try await Database.open(at: db)
        let integrity = try await database.integrityCheck()
        #expect(integrity.isEmpty, "integrity_check: \(integrity)")
        let tenants = try await Directory(database: database).tenants().map(\.name.rawValue)
        let missing = Set(acknowledged).subtracting(tenants)
        #expect(missing.isEmpty, "acknowledged writes lost: \(missing.sorted())")
        print("crash test: \(cycles) kill -9 cycles, \(acknowledged.count) acknowledged CLI writes, \(missing.count) lost")
        await database.close()
    }

    /// The same through the SCIM receiver: 8 concurrent clients POST users to `roster serve`,
    /// which is killed with SIGKILL at random moments (group commit in flight); every user whose
    /// 201 reached a client must be there after restart.
    @Test func acknowledgedSCIMCreatesSurviveKillNine() async throws {
        let cycles = Int(ProcessInfo.processInfo.environment["ROSTER_CRASH_CYCLES"] ?? "") ?? 6
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("roster.db")
        let fixture = try await SCIMConnectionFixture.create(db: db)
        let (connectionID, token) = (fixture.connectionID, fixture.token)
        let config = directory.file("config.json")
        try Data(#"{"limits":{"scimRequestsPerSecond":100000,"scimRequestBurst":100000}}"#.utf8)
            .write(to: URL(fileURLWithPath: config))
        var acknowledged: [String] = []
        for cycle in 0..<cycles {
            let (server, port) = try await ServeLiveTests.startServer(db: db, extra: ["--config", config])
            let base = "http://127.0.0.1:\(port)/scim/v2/acme/\(connectionID)/Users"
            let deadline = ContinuousClock.now + .milliseconds(Int.random(in: 200...700))
            let acked = await withTaskGroup(of: [String].self) { group in
                for client in 0..<8 {
                    group.addTask {
                        var mine: [String] = []
                        var n = 0
                        while ContinuousClock.now < deadline {
                            let name = "c\(cycle)-\(client)-\(n)@example.com"
                            n += 1
                            let body = #"{"userName":"\#(name)","active":true}"#
                            let reply = try? await HTTPFetch.send(
                                "POST", base,
                                headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/scim+json"],
                                body: Data(body.utf8), timeout: 2)
                            if reply?.status == 201 { mine.append(name) }
                        }
                        return mine
                    }
                }
                group.addTask {
                    try? await Task.sleep(until: deadline - .milliseconds(50))
                    server.send(SIGKILL)
                    return []
                }
                var all: [String] = []
                for await names in group { all.append(contentsOf: names) }
                return all
            }
            acknowledged.append(contentsOf: acked)
            await server.wait(timeout: .seconds(10))
        }
        #expect(!acknowledged.isEmpty)
        let database = try await Database.open(at: db)
        #expect(try await database.integrityCheck().isEmpty)
        let tenant = try TenantName.parse("acme")
        let stored = try await database.read { connection in
            try connection.query("SELECT user_name FROM users WHERE tenant = ?", tenant.rawValue)
                .map { try $0.value(at: 0, as: String.self) }
        }
        let missing = Set(acknowledged).subtracting(stored)
        #expect(missing.isEmpty, "acknowledged SCIM creates lost: \(missing.sorted().prefix(10))")
        print("crash test: \(cycles) kill -9 cycles, \(acknowledged.count) acknowledged SCIM creates, \(missing.count) lost")
        await database.close()
    }
}
