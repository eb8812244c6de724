import Foundation
import Store
import Testing
import TestSupport

/// Group commit: concurrent writes share transactions but keep their own outcome.
@Suite("Group commit")
struct GroupCommitTests {
    private struct Boom: Error {}

    @Test func concurrentWritesAllCommitAndFailuresStayAlone() async throws {
        try await withTemporaryDatabase { database, path in
            try await database.write { connection in
                try connection.execute("CREATE TABLE items (n INTEGER PRIMARY KEY) STRICT")
            }
            let results = await withTaskGroup(of: (Int, Bool).self) { group in
                for n in 0..<500 {
                    group.addTask {
                        do {
                            try await database.write { connection in
                                try connection.execute("INSERT INTO items (n) VALUES (?)", n)
                                if n % 7 == 0 { throw Boom() }  // rolled back alone
                            }
                            return (n, true)
                        } catch {
                            #expect(error is Boom)
                            return (n, false)
                        }
                    }
                }
                var collected: [Int: Bool] = [:]
                for await (n, ok) in group { collected[n] = ok }
                return collected
            }
            let stored = try await database.read { connection in
                try connection.query("SELECT n FROM items ORDER BY n").map { try $0.value(at: 0, as: Int.self) }
            }
            let expected = (0..<500).filter { $0 % 7 != 0 }
            #expect(stored == expected)
            #expect(results.filter(\.value).keys.sorted() == expected)

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
}
