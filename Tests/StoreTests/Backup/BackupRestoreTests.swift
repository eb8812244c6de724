import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Store

/// A count shared between the writing task and the test.
private final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// Online backup and verified restore (issue 10).
@Suite struct BackupRestoreTests {
    private static func tenantCount(_ path: String) async throws -> Int {
        let database = try await Database.open(at: path, readers: 1)
        defer { Task { await database.close() } }
        #expect(try await database.integrityCheck() == [])
        return try await database.read { try $0.queryFirst("SELECT count(*) FROM tenants")!.value(at: 0) }
    }

    /// Writes tenants `w0`, `w1`, … until cancelled; `acknowledged` counts writes whose commit returned.
    private static func writeContinuously(_ database: Database, _ acknowledged: Counter) -> Task<Void, Never> {
        Task {
            var index = 0
            while !Task.isCancelled {
                let name = "w\(index)"
                do {
                    try await database.write { connection in
                        try connection.execute("INSERT INTO tenants (name, created_at) VALUES (?, 1)", name)
                    }
                } catch { return }
                acknowledged.increment()
                index += 1
            }
        }
    }

    @Test(arguments: [false, true])
    func backupDuringConcurrentWritesHoldsEveryAcknowledgedWrite(fromOtherConnection: Bool) async throws {
        try await withTemporaryDatabase { database, path async throws in
            let acknowledged = Counter()
            let writer = Self.writeContinuously(database, acknowledged)
            while acknowledged.value < 200 { try await Task.sleep(for: .milliseconds(5)) }
            let before = acknowledged.value
            let out = path + ".backup"
            let summary = fromOtherConnection
                ? try await DatabaseBackup.backup(databaseAt: path, to: out, overwrite: false)
                : try await database.backup(to: out)
            writer.cancel()
            await writer.value
            #expect(summary.schema.version == Migration.all.count)
            #expect(!FileManager.default.fileExists(atPath: out + "-wal"), "a backup is one file")
            let restored = path + ".restored"
            _ = try await DatabaseRestore.restore(from: out, toDatabaseAt: restored)
            #expect(try await Self.tenantCount(restored) >= before)
        }
    }

    @Test func existingDestinationIsRefusedUnlessForced() async throws {
        try await withTemporaryDatabase { database, path async throws in
            let out = path + ".backup"
            try Data("keep me".utf8).write(to: URL(fileURLWithPath: out))
            await #expect(throws: BackupError.destinationExists(path: out)) {
                try await DatabaseBackup.backup(databaseAt: path, to: out, overwrite: false)
            }
            #expect(try String(contentsOfFile: out, encoding: .utf8) == "keep me")
            _ = try await DatabaseBackup.backup(databaseAt: path, to: out, overwrite: true)
            #expect(try await DatabaseBackup.verify(backupAt: out).version == Migration.all.count)
            await #expect(throws: BackupError.sameFile(path: path)) { try await database.backup(to: path, overwrite: true) }
        }
    }

    @Test func restoreKeepsThePreviousDatabaseAndReplacesIt() async throws {
        try await withTemporaryDirectory { directory in
            let live = directory.file("roster.db")
            let database = try await Database.open(at: live, readers: 1)
            try await database.write { try $0.execute("INSERT INTO tenants (name, created_at) VALUES ('old', 1)") }
            let backup = directory.file("backup.db")
            _ = try await database.backup(to: backup)
            try await database.write { try $0.execute("INSERT INTO tenants (name, created_at) VALUES ('later', 1)") }
            await database.close()

            let summary = try await DatabaseRestore.restore(
                from: backup, toDatabaseAt: live, now: Date(timeIntervalSince1970: 1_700_000_000))
            #expect(summary.previousKeptAt == live + ".before-restore-20231114T221320Z")
            #expect(!FileManager.default.fileExists(atPath: live + "-wal"))
            #expect(try await Self.tenantCount(live) == 1)
            #expect(try await Self.tenantCount(try #require(summary.previousKeptAt)) == 2)
        }
    }

    @Test func restoreIsRefusedWhileServeHoldsTheLock() async throws {
        try await withTemporaryDatabase { database, path async throws in
            let backup = path + ".backup"
            _ = try await database.backup(to: backup)
            let lock = try DatabaseLock.acquire(forDatabaseAt: path)
            defer { lock.release() }
            do {
                _ = try await DatabaseRestore.restore(from: backup, toDatabaseAt: path)
                Issue.record("restored under a held lock")
            } catch StoreError.locked {}
        }
    }

    @Test func corruptNewerAndForeignBackupsAreRefusedBeforeAnythingChanges() async throws {
        try await withTemporaryDirectory { directory in
            let live = directory.file("roster.db")
            let database = try await Database.open(at: live, readers: 1)
            let good = directory.file("good.db")
            _ = try await database.backup(to: good)
            await database.close()
            let before = try Data(contentsOf: URL(fileURLWithPath: live))

            // Corrupt: overwrite pages in the middle of a valid backup.
            let corrupt = directory.file("corrupt.db")
            var bytes = try Data(contentsOf: URL(fileURLWithPath: good))
            bytes.replaceSubrange(4096..<min(bytes.count, 4096 * 8), with: Data(repeating: 0xA5, count: min(bytes.count, 4096 * 8) - 4096))
            try bytes.write(to: URL(fileURLWithPath: corrupt))
            await #expect(throws: BackupError.self) { try await DatabaseRestore.restore(from: corrupt, toDatabaseAt: live) }

            let garbage = directory.file("garbage.db")
            try Data("not a database at all".utf8).write(to: URL(fileURLWithPath: garbage))
            await #expect(throws: BackupError.self) { try await DatabaseRestore.restore(from: garbage, toDatabaseAt: live) }

            // Newer: a backup holding a migration this build does not know.
            let newer = directory.file("newer.db")
            let connection = try SQLiteConnection(path: good)
            try connection.execute("INSERT INTO schema_migrations (identifier, applied_at) VALUES ('9999-future', 0)")
            try connection.close()
            try FileManager.default.copyItem(atPath: good, toPath: newer)
            await #expect(throws: BackupError.newerSchema(path: newer, applied: Migration.all.count + 1, known: Migration.all.count)) {
                try await DatabaseRestore.restore(from: newer, toDatabaseAt: live)
            }

            // Foreign: a SQLite file that is not Roster's.
            let foreign = directory.file("foreign.db")
            let other = try SQLiteConnection(path: foreign)
            try other.execute("CREATE TABLE t (x)")
            try other.close()
            await #expect(throws: BackupError.notRosterDatabase(path: foreign)) {
                try await DatabaseRestore.restore(from: foreign, toDatabaseAt: live)
            }

            #expect(try Data(contentsOf: URL(fileURLWithPath: live)) == before)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.contains("before-restore") || $0.contains(".restore-") || $0.contains("partial") }
            #expect(leftovers.isEmpty)
        }
    }
}
