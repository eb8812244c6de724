import Foundation
import Testing

@testable import Store

/// Binding and decoding round trips on a private in-memory connection.
@Suite struct SQLiteBindingTests {
    private func roundTrip(_ value: some SQLiteValueConvertible) throws -> SQLiteValue {
        let connection = try SQLiteConnection(path: ":memory:")
        defer { try? connection.close() }
        return try #require(try connection.queryFirst("SELECT ?", value)).values[0]
    }

    @Test func integers() throws {
        #expect(try roundTrip(42) == .integer(42))
        #expect(try roundTrip(Int64.max) == .integer(.max))
        #expect(try roundTrip(Int64.min) == .integer(.min))
        #expect(try roundTrip(-1 as Int) == .integer(-1))
    }

    @Test func reals() throws {
        #expect(try roundTrip(3.25) == .real(3.25))
        #expect(try roundTrip(-0.1) == .real(-0.1))
        #expect(try roundTrip(Double.greatestFiniteMagnitude) == .real(.greatestFiniteMagnitude))
    }

    @Test(arguments: ["", "plain", "Ünïcödé ñ 日本語 🧑‍💻", "e\u{301}", "with\u{0}nul", "quote ' and \" and ;"])
    func text(_ value: String) throws {
        #expect(try roundTrip(value) == .text(value))
    }

    @Test func blobs() throws {
        #expect(try roundTrip([UInt8]()) == .blob([]))
        #expect(try roundTrip([0, 1, 255, 0] as [UInt8]) == .blob([0, 1, 255, 0]))
    }

    @Test func boolsAndDatesAndNulls() throws {
        #expect(try roundTrip(true) == .integer(1))
        #expect(try roundTrip(false) == .integer(0))
        let date = Date(unixMilliseconds: 1_700_000_000_123)
        #expect(try roundTrip(date) == .integer(1_700_000_000_123))
        #expect(try roundTrip(nil as String?) == .null)
        #expect(try roundTrip("x" as String?) == .text("x"))
        #expect(try roundTrip(SQLiteValue.null) == .null)
    }

    @Test func typedRoundTripThroughAStrictTable() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        defer { try? connection.close() }
        try connection.execute(
            "CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, f INTEGER, d INTEGER, n TEXT) STRICT")
        let date = Date(unixMilliseconds: 1_234_567_890_987)
        try connection.execute(
            "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", 7, 2.5, "Zoë", [9, 8] as [UInt8], true, date, nil as String?)
        let row = try #require(try connection.queryFirst("SELECT * FROM t"))
        #expect(try row.value("i") == 7)
        #expect(try row.value("i", as: Int64.self) == 7)
        #expect(try row.value("r") == 2.5)
        #expect(try row.value("s") == "Zoë")
        #expect(try row.value("b") == [9, 8] as [UInt8])
        #expect(try row.value("f") == true)
        #expect(try row.value("d") == date)
        #expect(try row.value("n", as: String?.self) == nil)
        #expect(try row.value(at: 2) == "Zoë")
        #expect(row["s"] == .text("Zoë"))
        // Integers widen to Double; nothing else is coerced.
        #expect(try row.value("i", as: Double.self) == 7)
    }

    @Test func typeMismatchesThrow() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        defer { try? connection.close() }
        let row = try #require(try connection.queryFirst("SELECT 1 AS i, 'secret-value' AS s, NULL AS n, 2 AS two"))
        #expect(throws: SQLiteError.self) { try row.value("i", as: String.self) }
        #expect(throws: SQLiteError.self) { try row.value("s", as: Int.self) }
        #expect(throws: SQLiteError.self) { try row.value("n", as: String.self) }
        #expect(throws: SQLiteError.self) { try row.value("two", as: Bool.self) }
        #expect(throws: SQLiteError.self) { try row.value("missing", as: Int.self) }
        #expect(throws: SQLiteError.self) { try row.value(at: 9, as: Int.self) }
        do {
            _ = try row.value("s", as: Int.self)
        } catch let error as SQLiteError {
            #expect(error.extendedCode == 20)  // SQLITE_MISMATCH
            #expect(error.description.contains("'s'"))
            #expect(!error.description.contains("secret-value"))
        }
    }

    @Test func wrongArgumentCountIsMisuse() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        defer { try? connection.close() }
        #expect(throws: SQLiteError.self) { try connection.query("SELECT ?, ?", 1) }
        #expect(throws: SQLiteError.self) { try connection.execute("SELECT 1", 1) }
    }
}
