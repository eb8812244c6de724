import Foundation
import Store
import Testing
import TestSupport

@testable import Agent

/// Parsing, help and configuration of the operations commands (issue 10), without processes.
@Suite("Operations command line")
struct OperationsCommandLineTests {
    @Test func parsesTheNewCommands() throws {
        #expect(try CommandLineParser.parse(["version"]).command == .version)
        #expect(try CommandLineParser.parse(["--version"]).command == .version)
        #expect(try CommandLineParser.parse(["version", "--db", "x.db"]).global.databasePath == "x.db")
        #expect(try CommandLineParser.parse(["backup", "--out", "b.db"]).command == .backup(out: "b.db", force: false))
        #expect(try CommandLineParser.parse(["backup", "--out=b.db", "--force"]).command == .backup(out: "b.db", force: true))
        #expect(try CommandLineParser.parse(["restore", "--from", "b.db"]).command == .restore(from: "b.db"))
        #expect(try CommandLineParser.parse(["config", "check", "--config", "c.json"]).command == .configCheck)
        #expect(try CommandLineParser.parse(["backup", "--help"]).command == .help(topic: ["backup"]))
    }

    @Test(arguments: [
        ["backup"], ["backup", "--out"], ["backup", "--out", "b", "extra"], ["backup", "--from", "x"],
        ["restore"], ["restore", "--from", "b", "--force"], ["config"], ["config", "lint"],
        ["config", "check", "--force"], ["version", "x"], ["serve", "--force"], ["tenant", "list", "--out", "x"],
    ])
    func usageErrorsExit64(arguments: [String]) async {
        let output = CapturedOutput()
        let code = await CommandRunner(output: output).run(arguments: arguments)
        #expect(code == .usage)
        #expect(output.standardError.hasPrefix("roster: "))
    }

    @Test(arguments: ["version", "backup", "restore", "config", "config check"])
    func everyNewCommandHasHelp(topic: String) async {
        let text = Usage.text(for: topic.split(separator: " ").map(String.init))
        #expect(text?.contains("USAGE: roster \(topic)") == true)
        let output = CapturedOutput()
        #expect(await CommandRunner(output: output).run(arguments: topic.split(separator: " ").map(String.init) + ["--help"]) == .success)
        #expect(output.standardOutput.contains("USAGE"))
        for command in ["backup --out", "restore --from", "config check", "version"] {
            #expect(Usage.overview.contains(command))
        }
    }

    @Test func backupConfiguration() throws {
        let parsed = try AgentConfiguration.parse(
            Data(#"{"backup":{"every":"6h","directory":"/var/backups/roster","keep":3}}"#.utf8), source: "t")
        var expected = BackupConfiguration(directory: "/var/backups/roster")
        expected.every = .seconds(6 * 3600)
        expected.keep = 3
        #expect(parsed.backup == expected)
        let defaults = try AgentConfiguration.parse(Data(#"{"backup":{"directory":"/b"}}"#.utf8), source: "t")
        #expect(defaults.backup?.every == .seconds(86400))
        #expect(defaults.backup?.keep == 7)
        #expect(try AgentConfiguration.parse(Data("{}".utf8), source: "t").backup == nil)
    }

    @Test(arguments: [
        (#"{"backup":{}}"#, "needs a non-empty \"directory\""),
        (#"{"backup":{"directory":""}}"#, "needs a non-empty \"directory\""),
        (#"{"backup":{"directory":"/b","every":"30s"}}"#, "backup.every\" must be at least"),
        (#"{"backup":{"directory":"/b","keep":0}}"#, "backup.keep\" must be between 1 and 10000"),
        (#"{"backup":{"directory":"/b","retain":3}}"#, "unknown config key \"backup.retain\""),
        (#"{"backup":"daily"}"#, "\"backup\" must be an object"),
    ])
    func invalidBackupConfiguration(json: String, message: String) {
        let error = #expect(throws: CLIError.self) { try AgentConfiguration.parse(Data(json.utf8), source: "t") }
        #expect(error?.exitCode == .config)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test func scheduledBackupNamesAndRetention() throws {
        let name = BackupScheduler.fileName(for: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(name == "roster-20231114T221320Z.db")
        #expect(BackupScheduler.isBackupName(name))
        #expect(!BackupScheduler.isBackupName("roster.db"))
        #expect(!BackupScheduler.isBackupName("roster-notes.db"))
        let directory = FileManager.default.temporaryDirectory.path + "/roster-prune-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let names = (0..<5).map { BackupScheduler.fileName(for: Date(timeIntervalSince1970: Double(1_700_000_000 + $0 * 3600))) }
        for file in names + ["keep-me.db", "roster.db"] {
            _ = FileManager.default.createFile(atPath: "\(directory)/\(file)", contents: Data())
        }
        #expect(BackupScheduler.prune(directory: directory, keep: 2) == Array(names.prefix(3)))
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(left == (["keep-me.db", "roster.db"] + names.suffix(2)).sorted())
    }

    @Test func scheduledBackupWritesAVerifiedFileAndAppliesRetention() async throws {
        try await withTemporaryDatabase { database, path async throws in
            try await database.write { try $0.execute("INSERT INTO tenants (name, created_at) VALUES ('acme', 1)") }
            let directory = path + "-backups"
            var configuration = BackupConfiguration(directory: directory)
            configuration.keep = 1
            let sink = MemoryLogSink()
            let scheduler = BackupScheduler(
                configuration: configuration, database: database, logger: Logger(level: .info, sink: sink))
            let first = try #require(await scheduler.runOnce(now: Date(timeIntervalSince1970: 1_700_000_000)))
            let second = try #require(await scheduler.runOnce(now: Date(timeIntervalSince1970: 1_700_003_600)))
            #expect(!FileManager.default.fileExists(atPath: first))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [(second as NSString).lastPathComponent])
            #expect(try await DatabaseBackup.verify(backupAt: second).version == Migration.all.count)
            // The same name again is refused (never overwritten) and logged, not thrown.
            #expect(await scheduler.runOnce(now: Date(timeIntervalSince1970: 1_700_003_600)) == nil)
        }
    }
}
