import Foundation
import Testing

@testable import Store

@Suite struct RowCursorTests {
    private func makeTable(rows: Int) throws -> SQLiteConnection {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, note TEXT) STRICT")
        for index in 1...rows { try connection.execute("INSERT INTO t (name, note) VALUES (?, ?)", "n\(index)", index.isMultiple(of: 2) ? nil : "odd") }
        return connection
    }

    @Test func forEachRowVisitsEveryRowInOrderWithTypedColumns() throws {
        let connection = try makeTable(rows: 5)
        defer { try? connection.close() }
        var seen: [(Int, String, String?)] = []
        try connection.forEachRow("SELECT id, name, note FROM t WHERE id >= ? ORDER BY id", 2) { row in
            #expect(row.count == 3)
            seen.append((try row.value(at: 0), try row.value(at: 1), try row.value(at: 2)))
        }
        #expect(seen.map(\.0) == [2, 3, 4, 5])
        #expect(seen.map(\.1) == ["n2", "n3", "n4", "n5"])
        #expect(seen.map(\.2) == [nil, "odd", nil, "odd"])
        // The statement was reset: the same SQL runs again from the start.
        var again = 0
        try connection.forEachRow("SELECT id, name, note FROM t WHERE id >= ? ORDER BY id", 1) { _ in again += 1 }
        #expect(again == 5)
    }

    @Test func mismatchesAndBadIndexesThrowAndBodyErrorsStopTheQuery() throws {
        let connection = try makeTable(rows: 3)
        defer { try? connection.close() }
        #expect(throws: SQLiteError.self) {
            try connection.forEachRow("SELECT name FROM t") { row in _ = try row.value(at: 0, as: Int.self) }
        }
        #expect(throws: SQLiteError.self) {
            try connection.forEachRow("SELECT name FROM t") { row in _ = try row.value(at: 1, as: String.self) }
        }
        struct Stop: Error {}
        var visited = 0
        #expect(throws: Stop.self) {
            try connection.forEachRow("SELECT id FROM t ORDER BY id") { _ in
                visited += 1
                throw Stop()
            }
        }
        #expect(visited == 1)
        // Other statements can run inside the body.
        var counts: [Int] = []
        try connection.forEachRow("SELECT id FROM t ORDER BY id") { row in
            let id: Int = try row.value(at: 0)
            counts.append(try connection.queryFirst("SELECT count(*) FROM t WHERE id <= ?", id)!.value(at: 0))
        }
        #expect(counts == [1, 2, 3])
    }
}
