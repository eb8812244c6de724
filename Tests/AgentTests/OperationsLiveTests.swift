import Foundation
import Store
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 10 end to end with the real binary: install, config check, backup and restore around a
/// running `serve`, version and upgrades.
@Suite("Operations (live binary)")
struct OperationsLiveTests {
    private static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Runs `make ARGS` in the package root; returns (status, combined output).
    private static func make(_ arguments: [String]) throws -> (Int32, String) {
        try Spawn.run("/usr/bin/env", ["make", "-s", "-C", packageRoot] + arguments)
    }

    private static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func installIntoDestdirThenUninstallKeepsConfig() async throws {
        let root = try TemporaryDirectory(prefix: "roster-destdir")
        defer { root.remove() }
        let install = try Self.make(["install", "DESTDIR=\(root.path)", "NO_BUILD=1", "BINARY=\(RosterBinary.path)"])
        #expect(install.0 == 0, "\(install.1)")
        let binary = root.file("usr/local/bin/roster")
        let unit = root.file("etc/systemd/system/roster.service")
        let config = root.file("etc/roster/config.json")
        #expect(try Self.mode(binary) == 0o755)
        #expect(try Self.mode(unit) == 0o644)
        #expect(try Self.mode(config) == 0o644)
        #expect(FileManager.default.fileExists(atPath: root.file("etc/roster/config.example.md")))
        let unitText = try String(contentsOfFile: unit, encoding: .utf8)
        for line in [
            "ExecStart=/usr/local/bin/roster serve --config /etc/roster/config.json", "DynamicUser=yes",
            "StateDirectory=roster", "ProtectSystem=strict", "NoNewPrivileges=yes", "Restart=on-failure",
            "TimeoutStopSec=20s", "ProtectHome=yes", "PrivateTmp=yes", "CapabilityBoundingSet=",
            "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
        ] {
            #expect(unitText.split(separator: "\n").contains(Substring(line)), "unit lacks \(line)")
        }
        // `serve` calls sched_setscheduler (SCHED_BATCH helpers); the syscall filter would kill the
        // process for it unless it is allowed again after @resources is denied.
        let lines = unitText.split(separator: "\n")
        let denied = try #require(lines.firstIndex(of: "SystemCallFilter=~@privileged @resources"))
        let allowed = try #require(lines.firstIndex(of: "SystemCallFilter=sched_setscheduler"))
        #expect(allowed > denied)
        // The installed config is valid and points at the state directory.
        let check = try await ChildProcess.run(["config", "check", "--config", config])
        #expect(check.status == 0, "\(check.err)")
        #expect(try String(contentsOfFile: config, encoding: .utf8).contains("/var/lib/roster/roster.db"))

        // A second install never overwrites an edited config.
        try Data(#"{"logLevel":"debug"}"#.utf8).write(to: URL(fileURLWithPath: config))
        #expect(try Self.make(["install", "DESTDIR=\(root.path)", "NO_BUILD=1", "BINARY=\(RosterBinary.path)"]).0 == 0)
        #expect(try String(contentsOfFile: config, encoding: .utf8) == #"{"logLevel":"debug"}"#)

        let uninstall = try Self.make(["uninstall", "DESTDIR=\(root.path)"])
        #expect(uninstall.0 == 0, "\(uninstall.1)")
        #expect(!FileManager.default.fileExists(atPath: binary))
        #expect(!FileManager.default.fileExists(atPath: unit))
        #expect(FileManager.default.fileExists(atPath: config))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
    func unitPassesSystemdAnalyzeVerify() throws {
        // Installed under a real prefix (no DESTDIR) so ExecStart names an existing executable,
        // which `systemd-analyze verify` requires.
        let root = try TemporaryDirectory(prefix: "roster-prefix")
        defer { root.remove() }
        let install = try Self.make([
            "install", "PREFIX=\(root.path)/usr", "SYSCONFDIR=\(root.path)/etc", "UNITDIR=\(root.path)/unit",
            "NO_BUILD=1", "BINARY=\(RosterBinary.path)",
        ])
        #expect(install.0 == 0, "\(install.1)")
        let verify = try Spawn.run("/usr/bin/systemd-analyze", ["verify", root.file("unit/roster.service")])
        #expect(verify.status == 0, "\(verify.output)")
    }

    @Test func backupWhileServingAndRestoreRefusedUntilStopped() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("roster.db")
        let (server, _) = try await ServeLiveTests.startServer(db: db)
        defer { server.send(SIGKILL) }
        #expect(try await ChildProcess.run(["tenant", "create", "acme", "--db", db]).status == 0)

        let out = directory.file("backup.db")
        let backup = try await ChildProcess.run(["backup", "--out", out, "--db", db, "--json"])
        #expect(backup.status == 0, "\(backup.err)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(backup.out.utf8)) as? [String: Any])
        #expect(document["integrityCheck"] as? String == "ok")
        #expect(document["schemaVersion"] as? Int == Migration.all.count)
        let again = try await ChildProcess.run(["backup", "--out", out, "--db", db])
        #expect(again.status == 1)
        #expect(again.err.contains("already exists"))

        let refused = try await ChildProcess.run(["restore", "--from", out, "--db", db])
        #expect(refused.status == 1)
        #expect(refused.err.contains("a 'roster serve' holds"), "\(refused.err)")

        #expect(try await ChildProcess.run(["tenant", "create", "later", "--db", db]).status == 0)
        server.send(SIGTERM)
        #expect(await server.wait(timeout: .seconds(15)) == 0)

        let restore = try await ChildProcess.run(["restore", "--from", out, "--db", db])
        #expect(restore.status == 0, "\(restore.err)")
        #expect(restore.out.contains("previous database kept as \(db).before-restore-"))
        let tenants = try await ChildProcess.run(["tenant", "list", "--db", db])
        #expect(tenants.out.contains("acme"))
        #expect(!tenants.out.contains("later"))
    }

    @Test func scheduledBackupsRunInServe() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let backups = directory.file("backups")
        let config = directory.file("config.json")
        // 60 s is the minimum period; the scheduler is exercised on a short period through its
        // type in unit tests, and here only its start-up is checked.
        try Data(#"{"backup":{"every":"1m","directory":"\#(backups)","keep":2}}"#.utf8)
            .write(to: URL(fileURLWithPath: config))
        let (server, _) = try await ServeLiveTests.startServer(db: directory.file("roster.db"), extra: ["--config", config])
        defer { server.send(SIGKILL) }
        #expect(await server.waitForStandardError(containing: "backups scheduled") != nil)
        server.send(SIGTERM)
        #expect(await server.wait(timeout: .seconds(15)) == 0)
    }

    @Test func versionAndNewerSchemaRefusal() async throws {
        let version = try await ChildProcess.run(["version", "--json"])
        #expect(version.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(version.out.utf8)) as? [String: Any])
        #expect(document["version"] as? String == "0.1.0")
        #expect(document["schemaVersion"] as? Int == Migration.all.count)
        #expect((document["compiler"] as? String)?.hasPrefix("Swift 6") == true)
        #expect((document["platform"] as? String)?.contains("Linux") == true)
        let flag = try await ChildProcess.run(["--version"])
        #expect(flag.status == 0)
        #expect(flag.out.hasPrefix("roster 0.1.0\nschema \(Migration.all.count) ("))

        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("roster.db")
        #expect(try await ChildProcess.run(["tenant", "create", "acme", "--db", db]).status == 0)
        let current = try await ChildProcess.run(["version", "--db", db])
        #expect(current.out.contains("database \(db): schema \(Migration.all.count) (current)"))

        let connection = try SQLiteConnection(path: db)
        try connection.execute("INSERT INTO schema_migrations (identifier, applied_at) VALUES ('9999-future', 0)")
        try connection.close()
        let newer = try await ChildProcess.run(["version", "--db", db])
        #expect(newer.status == 1)
        #expect(newer.out.contains("newer than this build"))
        for arguments in [["serve", "--listen", "127.0.0.1:0", "--db", db], ["tenant", "list", "--db", db]] {
            let refused = try await ChildProcess.run(arguments, timeout: .seconds(20))
            #expect(refused.status == 1)
            #expect(refused.err.contains("written by a newer Roster"), "\(refused.err)")
        }
    }

    @Test func configCheckReportsEachProblem() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func check(_ json: String, environment: [String: String] = [:]) async throws -> (Int32?, String, String) {
            let path = directory.file("c-\(UUID().uuidString).json")
            try Data(json.utf8).write(to: URL(fileURLWithPath: path))
            let result = try await ChildProcess.run(["config", "check", "--config", path], environment: environment)
            return (result.status, result.out, result.err)
        }
        let unknown = try await check(#"{"listne":"127.0.0.1:1"}"#)
        #expect(unknown.0 == 78)
        #expect(unknown.2.contains("error: unknown config key \"listne\""))

        let smtp = #"{"database":"\#(directory.path)/r.db","smtp":{"url":"smtp://mail.example.com","passwordEnv":"ROSTER_TEST_UNSET_VAR"}}"#
        let unset = try await check(smtp)
        #expect(unset.0 == 0)
        #expect(unset.1.contains("warning: smtp.passwordEnv names $ROSTER_TEST_UNSET_VAR"))
        #expect(unset.1.contains("was not contacted"))
        #expect(unset.1.contains("ok (2 warnings)"))
        let set = try await check(smtp, environment: ["ROSTER_TEST_UNSET_VAR": "x"])
        #expect(set.1.contains("ok (1 warning)"))

        let tls = try await check(#"{"tls":{"certificate":"/nonexistent/c.pem","privateKey":"/nonexistent/k.pem"}}"#)
        #expect(tls.0 == 78)
        #expect(tls.2.contains("error: tls.certificate: cannot read /nonexistent/c.pem"))
        #expect(tls.2.contains("error: tls.privateKey: cannot read /nonexistent/k.pem"))

        let missing = try await ChildProcess.run(["config", "check", "--config", directory.file("absent.json")])
        #expect(missing.status == 78)
        #expect(missing.err.contains("cannot read config file"))
    }
}
