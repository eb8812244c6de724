import Agent
import Core
import Foundation
import Testing
import TestSupport

/// `okta configure` and `reconcile` end to end, in-process, against the fake Okta.
@Suite struct ReconcileCommandTests {
    @Test func usageErrorsExit64() async throws {
        try await withTemporaryDirectory { directory in
            let db = directory.file("roster.db")
            let runner = CommandRunner(output: CapturedOutput())
            func configure(_ arguments: [String]) async -> ExitCode {
                await runner.run(arguments: ["okta", "configure", "acme", "c"] + arguments + ["--db", db])
            }
            #expect(await configure(["--app", "0oa1", "--token-env", "T"]) == .usage)
            #expect(await configure(["--org", "https://a.okta.com", "--app", "0oa1"]) == .usage)
            #expect(await configure(["--org", "http://acme.okta.com", "--app", "0oa1", "--token-env", "T"]) == .usage)
            #expect(await configure(["--org", "https://a.okta.com/x", "--app", "0oa1", "--token-env", "T"]) == .usage)
            #expect(await configure(["--org", "http://127.evil.example", "--app", "0oa1", "--token-env", "T"]) == .usage)
            #expect(await runner.run(arguments: ["reconcile", "acme"]) == .usage)
            #expect(await runner.run(arguments: ["reconcile", "acme", "c", "--all"]) == .usage)
            // A usage error is found before any database is opened, so none was created.
            #expect(!FileManager.default.fileExists(atPath: db))
        }
    }

    @Test func configureThenReconcileDryRunAndApply() async throws {
        try await withTemporaryDirectory { directory in
            let okta = FakeOkta(scenario: FakeOktaScenario(appUsers: [
                .init(id: "00u1", externalID: "scim-1", userName: "a@example.com")
            ]))
            let base = try await okta.start()
            defer { Task { await okta.stop() } }
            let db = directory.file("roster.db")
            let output = CapturedOutput()
            let runner = CommandRunner(output: output, environment: ["OKTA_TOKEN": okta.token])
            #expect(await runner.run(arguments: ["tenant", "create", "acme", "--db", db]) == .success)
            #expect(await runner.run(arguments: ["connection", "create", "acme", "--name", "okta", "--db", db]) == .success)
            #expect(await runner.run(arguments: [
                "okta", "configure", "acme", "okta", "--org", base, "--app", "0oaapp", "--token-env", "OKTA_TOKEN", "--db", db,
            ]) == .success)
            #expect(await runner.run(arguments: ["reconcile", "acme", "okta", "--dry-run", "--db", db]) == .success)
            #expect(output.standardOutput.contains("provision-user"))
            #expect(output.standardOutput.contains("planned"))
            #expect(await runner.run(arguments: ["reconcile", "--all", "--json", "--db", db]) == .success)
            #expect(output.standardOutput.contains("\"outcome\":\"applied\""))
        }
    }
}
