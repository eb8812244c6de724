import Foundation
import Store
import Synchronization
import Testing
import TestSupport

/// Group commit: concurrent writes share transactions but keep their own outcome.
@Suite("Group commit")
struct GroupCommitTests {
    private struct Boom: Error {}

    /// Runs `count` concurrent writes, the n-th with `body(n, connection)`; returns the n whose
    /// write committed, in order (every failure must be a ``Boom``).
    private static func concurrentWrites(
        _ database: Database, count: Int, _ body: @escaping @Sendable (Int, SQLiteConnection) throws -> Void
    ) async -> [Int] {
        await withTaskGroup(of: Int?.self) { group in
            for n in 0..<count {
                group.addTask {
                    do {
                        try await database.write { connection in try body(n, connection) }
                        return n
                    } catch {
                        #expect(error is Boom)
                        return nil
                    }
                }
            }
            var committed: [Int] = []
            for await n in group { if let n { committed.append(n) } }
            return committed.sorted()
        }
    }

    /// Counts body runs across tasks.
    private final class RunCounter: Sendable {
        private let count = Mutex(0)
        func increment() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    @Test func concurrentWritesAllCommitAndFailuresStayAlone() async throws {
        try await withTemporaryDatabase { database, path in
            try await database.write { connection in
                try connection.execute("CREATE TABLE items (n INTEGER PRIMARY KEY) STRICT")
            }
            let committed = await Self.concurrentWrites(database, count: 500) { n, connection in
                try connection.execute("INSERT INTO items (n) VALUES (?)", n)
                if n % 7 == 0 { throw Boom() }  // rolled back alone
            }
            let stored = try await database.read { connection in
                try connection.query("SELECT n FROM items ORDER BY n").map { try $0.value(at: 0, as: Int.self) }
            }
            let expected = (0..<500).filter { $0 % 7 != 0 }
            #expect(stored == expected)
            #expect(committed == expected)

            // A fresh connection (another process's view) sees exactly the acknowledged rows.
            let reopened = try await Database.open(at: path, readers: 1, checkIntegrity: false)
            let count = try await reopened.read { connection in
                try connection.queryFirst("SELECT count(*) FROM items")!.value(at: 0, as: Int.self)
            }
            #expect(count == expected.count)
            await reopened.close()
        }
    }

    @Test func laterWritesSeeEarlierOnesAndConstraintErrorsAreIsolated() async throws {
        try await withTemporaryDatabase { database, _ in
            try await database.write { connection in
                try connection.execute("CREATE TABLE names (name TEXT PRIMARY KEY) STRICT")
            }
            // 50 concurrent inserts of the same 5 names: exactly one of each succeeds.
            let successes = await withTaskGroup(of: Bool.self) { group in
                for n in 0..<50 {
                    group.addTask {
                        (try? await database.write { connection in
                            try connection.execute("INSERT INTO names (name) VALUES (?)", "n\(n % 5)")
                        }) != nil
                    }
                }
                var count = 0
                for await ok in group where ok { count += 1 }
                return count
            }
            #expect(successes == 5)
            let names = try await database.read { connection in
                try connection.query("SELECT name FROM names ORDER BY name").map { try $0.value(at: 0, as: String.self) }
            }
            #expect(names == ["n0", "n1", "n2", "n3", "n4"])
        }
    }

    /// A batch runs its bodies without savepoints; a body that fails before changing a row has
    /// nothing to undo, so no body runs twice.
    @Test func failuresBeforeAnyChangeRunEveryBodyOnce() async throws {
        try await withTemporaryDatabase { database, _ in
            try await database.write { connection in
                try connection.execute("CREATE TABLE items (n INTEGER PRIMARY KEY) STRICT")
            }
            let runs = RunCounter()
            let committed = await Self.concurrentWrites(database, count: 400) { n, connection in
                runs.increment()
                if n % 3 == 0 {  // e.g. a 404 found by a read: nothing written yet
                    _ = try connection.queryFirst("SELECT n FROM items WHERE n = ?", n)
                    throw Boom()
                }
                try connection.execute("INSERT INTO items (n) VALUES (?)", n)
            }
            #expect(committed == (0..<400).filter { $0 % 3 != 0 })
            #expect(runs.value == 400)
            let stored = try await database.read { connection in
                try connection.query("SELECT n FROM items ORDER BY n").map { try $0.value(at: 0, as: Int.self) }
            }
            #expect(stored == (0..<400).filter { $0 % 3 != 0 })
        }
    }

    /// A body that fails after changing rows is undone alone, although the batch ran without
    /// savepoints: the transaction is rolled back and the other writes run again, each applied
    /// exactly once.
    @Test func failuresAfterAChangeAreUndoneAndOthersAppliedOnce() async throws {
        try await withTemporaryDatabase { database, _ in
            try await database.write { connection in
                try connection.execute("CREATE TABLE counter (n INTEGER NOT NULL) STRICT")
                try connection.execute("INSERT INTO counter (n) VALUES (0)")
                try connection.execute("CREATE TABLE log (n INTEGER PRIMARY KEY) STRICT")
            }
            let committed = await Self.concurrentWrites(database, count: 300) { n, connection in
                try connection.execute("UPDATE counter SET n = n + 1")
                try connection.execute("INSERT INTO log (n) VALUES (?)", n)
                if n % 10 == 4 { throw Boom() }  // after two changes
            }
            let succeeded = (0..<300).filter { $0 % 10 != 4 }
            #expect(committed == succeeded)
            let (count, logged) = try await database.read { connection in
                (
                    try connection.queryFirst("SELECT n FROM counter")!.value(at: 0, as: Int.self),
                    try connection.query("SELECT n FROM log ORDER BY n").map { try $0.value(at: 0, as: Int.self) }
                )
            }
            #expect(count == succeeded.count)
            #expect(logged == succeeded)
        }
    }

    /// A database that fills up in the middle of group commits (`SQLITE_FULL`, here through
    /// `max_page_count`): whatever SQLite rolls back, a write is acknowledged exactly when its row
    /// is stored, and the writer keeps working once there is room again.
    @Test func aFullDatabaseAcknowledgesExactlyWhatItStores() async throws {
        try await withTemporaryDatabase { database, _ in
            let limit = try await database.write { connection in
                try connection.execute("CREATE TABLE items (n INTEGER PRIMARY KEY, pad BLOB NOT NULL) STRICT")
                let pages = try connection.queryFirst("PRAGMA page_count")!.value(at: 0, as: Int.self)
                return pages + 40
            }
            try await database.write { connection in _ = try connection.query("PRAGMA max_page_count = \(limit)") }
            let committed = await withTaskGroup(of: Int?.self) { group in
                for n in 0..<400 {
                    group.addTask {
                        do {
                            try await database.write { connection in
                                try connection.execute("INSERT INTO items (n, pad) VALUES (?, zeroblob(1500))", n)
                            }
                            return n
                        } catch {
                            guard case .sqlite(let failure)? = error as? StoreError else {
                                Issue.record("not a store error: \(error)")
                                return nil
                            }
                            #expect(failure.code == 13, "SQLITE_FULL: \(failure)")
                            return nil
                        }
                    }
                }
                return await group.reduce(into: [Int]()) { if let n = $1 { $0.append(n) } }.sorted()
            }
            let stored = try await database.read { connection in
                try connection.query("SELECT n FROM items ORDER BY n").map { try $0.value(at: 0, as: Int.self) }
            }
            #expect(stored == committed)
            #expect(!committed.isEmpty && committed.count < 400, "\(committed.count) of 400 fit")
            // Room again: the writer is still usable.
            try await database.write { connection in
                _ = try connection.query("PRAGMA max_page_count = 1000000")
                try connection.execute("INSERT INTO items (n, pad) VALUES (1000, x'00')")
            }
            #expect(try await database.read { try $0.queryFirst("SELECT count(*) FROM items WHERE n = 1000")!.value(at: 0, as: Int.self) } == 1)
        }
    }
}
