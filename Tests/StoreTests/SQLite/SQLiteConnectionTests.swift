import Foundation
import Testing

@testable import Store

@Suite struct SQLiteConnectionTests {
    private func makeTable() throws -> SQLiteConnection {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE) STRICT")
        return connection
    }

    @Test func statementCacheReusesPreparedStatements() throws {
        let connection = try makeTable()
        defer { try? connection.close() }
        let insert = "INSERT INTO people (email) VALUES (?)"
        try connection.execute(insert, "a@example.com")
        let afterFirst = connection.cachedStatementCount
        for index in 0..<50 { try connection.execute(insert, "user\(index)@example.com") }
        #expect(connection.cachedStatementCount == afterFirst)
        // Bindings are cleared between uses: a reused statement never sees stale values.
        let select = "SELECT count(*) FROM people WHERE email = ?"
        #expect(try connection.queryFirst(select, "a@example.com")?.value(at: 0) == 1)
        #expect(try connection.queryFirst(select, "nobody@example.com")?.value(at: 0) == 0)
        #expect(try connection.query("SELECT email FROM people").count == 51)
    }

    @Test func statementCacheAnswersEqualTextFromDifferentStringsAndNeverMixesStatements() throws {
        let connection = try makeTable()
        defer { try? connection.close() }
        try connection.execute("INSERT INTO people (email) VALUES ('a@example.com'), ('b@example.com')")
        let before = connection.cachedStatementCount
        // SQL built at run time: a new string (new storage) on each call, same text, then
        // different texts that may land in the same fast-path slot.
        for round in 0..<200 {
            let column = round.isMultiple(of: 2) ? "id" : "email"
            let sql = String("SELECT \(column) FROM people ORDER BY id".utf8.map { Character(UnicodeScalar($0)) })
            let first = try connection.queryFirst(sql)
            if column == "id" {
                #expect(try first?.value(at: 0) == 1)
            } else {
                #expect(try first?.value(at: 0) == "a@example.com")
            }
        }
        // Two texts, one prepared statement each, however many strings carried them.
        #expect(connection.cachedStatementCount == before + 2)
        let countSQL = "SELECT count(*) FROM people"
        #expect(try connection.queryFirst(countSQL)?.value(at: 0) == 2)
        #expect(connection.cachedStatementCount == before + 3)
    }

    @Test func errorsCarryCodesAndSQLButNeverBoundValues() throws {
        let connection = try makeTable()
        defer { try? connection.close() }
        let secret = "alice.secret+pii@example.com"
        try connection.execute("INSERT INTO people (email) VALUES (?)", secret)
        do {
            try connection.execute("INSERT INTO people (email) VALUES (?)", secret)
            Issue.record("expected a UNIQUE violation")
        } catch {
            #expect(error.code == 19)
            #expect(error.extendedCode == 2067)
            #expect(error.isUniqueViolation)
            #expect(error.sql == "INSERT INTO people (email) VALUES (?)")
            #expect(error.description.contains("UNIQUE constraint failed: people.email"))
            #expect(!error.description.contains(secret))
            #expect(!"\(error)".contains("alice"))
        }
        // STRICT type errors name the column, not the value.
        do {
            try connection.execute("INSERT INTO people (id, email) VALUES (?, ?)", "not-a-number-secret", "x")
            Issue.record("expected a datatype mismatch")
        } catch {
            #expect(!error.description.contains("not-a-number-secret"))
        }
    }

    @Test func syntaxErrorsAndMultipleStatementsAreRefused() throws {
        let connection = try makeTable()
        defer { try? connection.close() }
        #expect(throws: SQLiteError.self) { try connection.execute("SELEKT 1") }
        #expect(throws: SQLiteError.self) { try connection.execute("SELECT 1; SELECT 2") }
        try connection.execute("SELECT 1;")  // a trailing semicolon is fine
        try connection.executeScript("CREATE TABLE a (x INTEGER) STRICT; -- comment\nINSERT INTO a VALUES (1);\n")
        #expect(try connection.queryFirst("SELECT x FROM a")?.value(at: 0) == 1)
    }

    @Test func writeCommits() throws {
        let connection = try makeTable()
        defer { try? connection.close() }
        let id = try connection.write { () throws -> Int64 in
            try connection.execute("INSERT INTO people (email) VALUES (?)", "a@x")
            return connection.lastInsertRowID
        }
        #expect(id == 1)
        #expect(!connection.isInTransaction)
        #expect(try connection.query("SELECT * FROM people").count == 1)
    }

    @Test func writeRollsBackOnThrowAndRethrowsTheFirstError() throws {
        struct Boom: Error {}
        let connection = try makeTable()
        defer { try? connection.close() }
        #expect(throws: Boom.self) {
            try connection.write {
                try connection.execute("INSERT INTO people (email) VALUES (?)", "a@x")
                try connection.execute("INSERT INTO people (email) VALUES (?)", "b@x")
                throw Boom()
            }
        }
        #expect(!connection.isInTransaction)
        #expect(try connection.query("SELECT * FROM people").isEmpty)

        // A SQLite failure mid-transaction also undoes the earlier statements.
        #expect(throws: SQLiteError.self) {
            try connection.write {
                try connection.execute("INSERT INTO people (email) VALUES (?)", "c@x")
                try connection.execute("INSERT INTO people (email) VALUES (?)", "c@x")
            }
        }
        #expect(try connection.query("SELECT * FROM people").isEmpty)
    }

    @Test func nestedTransactionsAreMisuse() throws {
        let connection = try makeTable()
        defer { try? connection.close() }
        #expect(throws: SQLiteError.self) {
            try connection.write { try connection.read { 1 } }
        }
        #expect(!connection.isInTransaction)
        // A body that ends the transaction itself makes COMMIT fail; the error surfaces.
        #expect(throws: SQLiteError.self) {
            try connection.write { try connection.execute("COMMIT") }
        }
        #expect(!connection.isInTransaction)
    }

    @Test func closedConnectionRefusesWork() throws {
        let connection = try makeTable()
        try connection.execute("SELECT 1")
        try connection.close()
        try connection.close()  // idempotent
        #expect(connection.isClosed)
        #expect(throws: SQLiteError.self) { try connection.execute("SELECT 1") }
    }
}
