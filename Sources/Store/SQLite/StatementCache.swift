/// Prepared statements of one connection, keyed by SQL text.
///
/// Roster's SQL is static text with `?` placeholders, so the key set is small and each statement
/// is compiled once per connection (the GRDB `StatementCache` design, style.md §4). A bound caps
/// the cache in case a caller builds SQL dynamically: past it the cache is emptied and refilled.
///
/// Not `Sendable`: it lives and dies with its connection, on that connection's queue.
final class StatementCache {
    private var statements: [String: Statement] = [:]
    /// The most statements kept before the cache is emptied.
    let capacity: Int

    /// Creates an empty cache.
    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The number of cached statements.
    var count: Int { statements.count }

    /// The cached statement for `sql`, compiling it with `make` on first use.
    func statement(for sql: String, make: () throws(SQLiteError) -> Statement) throws(SQLiteError) -> Statement {
        if let cached = statements[sql] { return cached }
        let statement = try make()
        if statements.count >= capacity { removeAll() }
        statements[sql] = statement
        return statement
    }

    /// Finalizes and drops every statement; required before `sqlite3_close`
    /// (https://www.sqlite.org/c3ref/close.html: close fails while statements are unfinalized).
    func removeAll() {
        for statement in statements.values { statement.finalize() }
        statements.removeAll()
    }
}

@available(*, unavailable)
extension StatementCache: Sendable {}
