import Core
import Foundation
import Reconcile
import Store

/// `okta configure` and `reconcile` (design.md "Interfaces").
struct ReconcileCommands {
    /// The resolved settings: the database path and the Okta pull defaults.
    let configuration: AgentConfiguration
    /// Whether `--json` asked for one JSON document instead of text.
    let json: Bool
    /// Where results (stdout) and diagnostics (stderr) are written.
    let output: any OutputSink
    /// The process environment, handed to the reconciler, which reads an Okta token from the variable named in the pull
    /// settings.
    let environment: [String: String]

    /// Opens the database, runs `command` against it and closes it again, on success and on error.
    /// - Returns: ``ExitCode/success``.
    /// - Throws: ``CLIError``, including a failure when any reconcile run failed.
    func run(_ command: Command) async throws(CLIError) -> ExitCode {
        // Usage errors first: a mistyped command must not open (and so create) a database.
        if case .oktaConfigure(_, _, let org, _, let token) = command {
            _ = try Self.origin(org)
            if case .serviceApp(_, let keyFile, _) = token { try checkPrivateKeyFile(keyFile) }
        }
        let database = try await DatabaseOpening.open(configuration.databasePath)
        do {
            let code = try await perform(command, database: database)
            await database.close()
            return code
        } catch {
            await database.close()
            throw error
        }
    }

    /// The validated `--org` origin; a usage error otherwise.
    private static func origin(_ org: String) throws(CLIError) -> OktaOrigin {
        do { return try OktaOrigin(validating: org) } catch { throw .usage(error.description, topic: "okta configure") }
    }

    private func perform(_ command: Command, database: Database) async throws(CLIError) -> ExitCode {
        switch command {
        case .oktaConfigure(let tenant, let reference, let org, let app, let token):
            let origin = try Self.origin(org)
            let connection = try await resolve(tenant, reference, database)
            let now = Date()
            let settings = OktaPullSettings(
                tenant: tenant, connectionID: connection.id, orgURL: origin.description, appID: app,
                tokenSource: Self.tokenSource(token), createdAt: now, updatedAt: now)
            try await call { try await database.write { try OktaPullSettingsTable.save(settings, on: $0) } }
            output.out(
                json
                    ? JSONValue.object([
                        "tenant": .string(tenant.rawValue), "connection": .string(connection.id),
                        "org": .string(origin.description), "app": .string(app),
                    ]).serializedString() + "\n"
                    : "okta pull configured for \(tenant)/\(connection.id): \(origin) app \(app)\n")
            return .success
        case .reconcile(let target, let dryRun, let force):
            let all = try await call { try await database.read { try OktaPullSettingsTable.all(on: $0) } }
            let selected: [OktaPullSettings]
            switch target {
            case .all: selected = all
            case .connection(let tenant, let reference):
                let connection = try await resolve(tenant, reference, database)
                guard let settings = all.first(where: { $0.tenant == tenant && $0.connectionID == connection.id }) else {
                    throw .failure("connection '\(reference)' of '\(tenant)' has no Okta pull settings; run 'roster okta configure' first")
                }
                selected = [settings]
            }
            let options = configuration.reconcile.options(dryRun: dryRun, force: force)
            let reconciler = Reconciler(database: database, environment: environment)
            var failed = false
            var results: [ReconcileRunResult] = []
            for settings in selected {
                let result = try await call { try await reconciler.run(settings, options: options) }
                if result.outcome == .failed { failed = true }
                if json { results.append(result) } else { output.out(render(result, settings)) }
            }
            if json {
                // The same text as serialising `{"runs": [PlanJSON.result(…)]}`, written in pieces:
                // a first full sync's plan is too large to hold as a tree or one string.
                output.out(#"{"runs":["#)
                for (position, result) in results.enumerated() {
                    if position > 0 { output.out(",") }
                    PlanJSON.writeResult(result) { output.out($0) }
                }
                output.out("]}\n")
            }
            if failed { throw .failure("reconciliation failed (see the run output above)") }
            return .success
        default:
            return .success
        }
    }

    private static func tokenSource(_ option: OktaTokenOption) -> OktaPullSettings.TokenSource {
        switch option {
        case .environment(let variable): .environment(variable)
        case .file(let path): .file(path)
        case .serviceApp(let clientID, let keyFile, let keyID):
            .serviceApp(clientID: clientID, privateKeyFile: keyFile, keyID: keyID)
        }
    }

    private func render(_ result: ReconcileRunResult, _ settings: OktaPullSettings) -> String {
        var table = TextTable(headers: ["ACTION", "SUBJECT", "USER", "REASON", "DRIFT", "OUTCOME"])
        table.rows = zip(result.actions, result.outcomes).map {
            [$0.kind.rawValue, $0.subjectID, $0.userID ?? "-", $0.reason, $0.attribution.rawValue, $1.rawValue]
        }
        var text = "\(settings.tenant)/\(settings.connectionID) run \(result.runID): \(result.outcome.rawValue)"
        text += result.dryRun ? " (dry run)" : ""
        text += ", \(result.actions.count) action(s), \(result.statistics.apiCalls) API call(s), \(result.statistics.rateLimitWaits) rate-limit wait(s)\n"
        if let error = result.error { text += "error: \(error)\n" }
        if !result.actions.isEmpty { text += table.render() }
        return text
    }

    private func resolve(_ tenant: TenantName, _ reference: String, _ database: Database) async throws(CLIError) -> Connection {
        let connections = try await call { try await Directory(database: database).connections(tenant: tenant) }
        guard let connection = connections.first(where: { $0.id == reference }) ?? connections.first(where: { $0.name == reference })
        else { throw .failure("no connection '\(reference)' in tenant '\(tenant)'") }
        return connection
    }

    private func call<T>(_ body: () async throws -> T) async throws(CLIError) -> T {
        do { return try await body() } catch { throw DatabaseOpening.describe(error) }
    }
}
