import Foundation
import Store

/// The operations commands: `backup`, `restore`, `version` and `config check`. Unlike the admin
/// commands they never migrate the database: they copy, inspect or replace it as it is.
struct OperationsCommands {
    /// The resolved settings: the database path and, for `config check`, everything else.
    let configuration: AgentConfiguration
    /// Whether `--db` or `--config` named a database (for `version`, which reports one only then).
    let databaseGiven: Bool
    /// Whether `--json` asked for one JSON document instead of text.
    let json: Bool
    /// Where results (stdout) and diagnostics (stderr) are written.
    let output: any OutputSink

    /// `backup --out FILE [--force]`.
    func backup(out: String, force: Bool) async throws(CLIError) -> ExitCode {
        let source = configuration.databasePath
        let summary: DatabaseBackup.Summary
        do {
            summary = try await DatabaseBackup.backup(databaseAt: source, to: out, overwrite: force)
        } catch {
            throw .failure("backup failed: \(Self.describe(error))")
        }
        struct Document: Encodable {
            let backup: String
            let database: String
            let bytes: Int
            let schemaVersion: Int
            let integrityCheck = "ok"
        }
        let document = Document(
            backup: summary.path, database: source, bytes: summary.bytes, schemaVersion: summary.schema.version)
        emit(document, text: "backed up \(source) to \(summary.path) (\(summary.bytes) bytes, schema \(summary.schema.version), integrity_check ok)\n")
        return .success
    }

    /// `restore --from FILE`.
    func restore(from backup: String) async throws(CLIError) -> ExitCode {
        let target = configuration.databasePath
        let summary: DatabaseRestore.Summary
        do {
            summary = try await DatabaseRestore.restore(from: backup, toDatabaseAt: target)
        } catch StoreError.locked {
            throw .failure(
                "refusing to restore: a 'roster serve' holds \(target) (\(target).lock); stop it first (systemctl stop roster)")
        } catch {
            throw .failure("restore refused: \(Self.describe(error)); nothing was changed")
        }
        struct Document: Encodable {
            let database: String
            let restoredFrom: String
            let previousKeptAt: String?
            let schemaVersion: Int
        }
        var text = "restored \(target) from \(backup) (schema \(summary.schema.version))\n"
        if let previous = summary.previousKeptAt { text += "previous database kept as \(previous)\n" }
        if summary.schema.isOlder {
            text += "the database will be migrated to schema \(SchemaStatus.latestVersion) at the next start\n"
        }
        emit(
            Document(
                database: target, restoredFrom: backup, previousKeptAt: summary.previousKeptAt,
                schemaVersion: summary.schema.version),
            text: text)
        return .success
    }

    /// `version [--db PATH]`.
    func version() async throws(CLIError) -> ExitCode {
        struct DatabaseDocument: Encodable {
            let path: String
            let schemaVersion: Int
            let newestMigration: String?
            let status: String
        }
        struct Document: Encodable {
            let version: String
            let schemaVersion: Int
            let newestMigration: String
            let compiler: String
            let configuration: String
            let platform: String
            let database: DatabaseDocument?
        }
        var database: DatabaseDocument?
        var exitCode = ExitCode.success
        if databaseGiven {
            let path = configuration.databasePath
            let status: SchemaStatus
            do {
                status = try await DatabaseBackup.schemaStatus(ofDatabaseAt: path)
            } catch {
                throw .failure("cannot read the schema of \(path): \(Self.describe(error))")
            }
            let verdict: String
            if !status.isRosterDatabase {
                verdict = "not a Roster database"
                exitCode = .failure
            } else if status.isNewer {
                verdict = "newer than this build: upgrade Roster"
                exitCode = .failure
            } else if status.isOlder {
                verdict = "older: migrated at the next start"
            } else {
                verdict = "current"
            }
            database = DatabaseDocument(
                path: path, schemaVersion: status.version, newestMigration: status.applied.max(), status: verdict)
        }
        let document = Document(
            version: BuildInfo.version, schemaVersion: SchemaStatus.latestVersion,
            newestMigration: SchemaStatus.latestIdentifier, compiler: BuildInfo.compiler,
            configuration: BuildInfo.configuration, platform: BuildInfo.platform, database: database)
        var text = """
            roster \(BuildInfo.version)
            schema \(SchemaStatus.latestVersion) (\(SchemaStatus.latestIdentifier))
            built with \(BuildInfo.compiler), \(BuildInfo.configuration), on \(BuildInfo.platform)

            """
        if let database {
            text += "database \(database.path): schema \(database.schemaVersion) (\(database.status))\n"
        }
        emit(document, text: text)
        return exitCode
    }

    /// `config check`: `path` is the file to check.
    func configCheck(path: String, environment: [String: String]) -> ExitCode {
        let findings = ConfigCheck(path: path, environment: environment).run()
        let errors = findings.filter { $0.severity == "error" }.count
        let warnings = findings.count - errors
        struct Document: Encodable {
            let file: String
            let valid: Bool
            let findings: [ConfigCheck.Finding]
        }
        var text = findings.map { "\($0.severity): \($0.message)\n" }.joined()
        text += errors == 0
            ? "\(path): ok (\(warnings) warning\(warnings == 1 ? "" : "s"))\n"
            : "\(path): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
        if json {
            output.out(OutputDocuments.render(Document(file: path, valid: errors == 0, findings: findings)))
        } else if errors == 0 {
            output.out(text)
        } else {
            output.err(text)
        }
        return errors == 0 ? .success : .config
    }

    private func emit(_ document: some Encodable, text: String) {
        output.out(json ? OutputDocuments.render(document) : text)
    }

    /// One line for any store or backup error.
    static func describe(_ error: any Error) -> String {
        if let error = error as? BackupError { return error.description }
        return DatabaseOpening.describe(error).message
    }
}
