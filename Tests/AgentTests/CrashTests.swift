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
        await database.close()
    }
}
