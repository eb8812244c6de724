import Core
import Foundation
import Store
import Testing
import TestSupport

@testable import Agent

/// The scheduler `serve` runs (issue 5): it reconciles every configured connection on its
/// interval, one run at a time, and stops cleanly when cancelled.
@Suite("Reconcile scheduler")
struct ReconcileSchedulerTests {
    @Test func runsOnItsIntervalWithoutOverlapAndStopsWhenCancelled() async throws {
        try await withTemporaryDirectory { directory in
            let okta = FakeOkta(scenario: FakeOktaScenario(appUsers: [
                .init(id: "00u1", externalID: "scim-1", userName: "a@example.com"),
                .init(id: "00u2", externalID: "scim-2", userName: "b@example.com"),
            ]))
            let base = try await okta.start()
            defer { Task { await okta.stop() } }
            let db = directory.file("roster.db")
            let tokenFile = directory.file("okta-token")
            try Data(okta.token.utf8).write(to: URL(fileURLWithPath: tokenFile))
            let runner = CommandRunner(output: CapturedOutput())
            #expect(await runner.run(arguments: ["tenant", "create", "acme", "--db", db]) == .success)
            #expect(await runner.run(arguments: ["connection", "create", "acme", "--name", "okta", "--db", db]) == .success)
            #expect(await runner.run(arguments: [
                "okta", "configure", "acme", "okta", "--org", base, "--app", "0oaapp", "--token-file", tokenFile, "--db", db,
            ]) == .success)

            let database = try await Database.open(at: db)
            let tenant = TenantName(rawValue: "acme")!
            let connectionID = try #require(try await Directory(database: database).connections(tenant: tenant).first?.id)
            var configuration = ReconcileConfiguration()
            configuration.every = .milliseconds(100)  // the config file allows 60 s at least; tests go faster
            let sink = MemoryLogSink()
            let scheduler = ReconcileScheduler(
                configuration: configuration, database: database, logger: Logger(level: .info, sink: sink))
            let task = Task { await scheduler.run() }

            var runs: [ReconcileRunRecord] = []
            for _ in 0..<400 {
                runs = try await database.read { try ReconcileRunTable.list(tenant: tenant, connectionID: connectionID, on: $0) }
                if runs.filter({ $0.finishedAt != nil }).count >= 3 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            task.cancel()
            await task.value
            await database.close()

            let finished = runs.filter { $0.finishedAt != nil }.sorted { $0.startedAt < $1.startedAt }
            try #require(finished.count >= 3, "the scheduler did not run three times: \(sink.recorded)")
            #expect(finished.allSatisfy { $0.outcome == .succeeded })
            // One run at a time: each starts after the previous one finished.
            for (earlier, later) in zip(finished, finished.dropFirst()) {
                #expect(later.startedAt >= earlier.finishedAt!)
            }
            #expect(sink.recorded.contains { $0.contains("\"msg\":\"reconcile run\"") && $0.contains("\"outcome\":\"succeeded\"") })
            // The first run provisioned both users; the later ones found no drift.
            let check = try await Database.open(at: db)
            let users = try await check.read { connection in
                try UserTable.listAll(tenant: tenant, connectionID: connectionID, on: connection)
            }
            await check.close()
            #expect(Set(users.map(\.userName)) == ["a@example.com", "b@example.com"])
        }
    }
}
