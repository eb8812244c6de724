/// Prepared statements of one connection, keyed by SQL text.
///
/// Roster's SQL is static text with `?` placeholders, so the key set is small and each statement
/// is compiled once per connection (the GRDB `StatementCache` design, style.md §4). A bound caps
/// the cache in case a caller builds SQL dynamically: past it the cache is emptied and refilled.
///
/// Not `Sendable`: it lives and dies with its connection, on that connection's queue.
final class StatementCache {
    private var statements: [String: Statement] = [:]
    /// A direct-mapped front for ``statements``, indexed by the address of the SQL text's bytes.
    /// Roster's SQL strings are literals or `static let`s, so one call site passes the very same
    /// string every time: its slot is found by address and confirmed by `==`, which answers at
    /// once for the identical string (same storage), instead of hashing the whole SQL text and
    /// comparing it byte by byte on every statement. A slot keeps its string alive, so its
    /// address cannot be reused by a different string while cached; a miss falls back to the
    /// dictionary.
    private var recent: [(sql: String, statement: Statement)?] = Array(repeating: nil, count: StatementCache.recentSlots)
    /// Slots in ``recent`` (a power of two).
    static let recentSlots = 64
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
        let slot = Self.slot(of: sql)
        if let slot, let entry = recent[slot], entry.sql == sql { return entry.statement }
        let statement: Statement
        if let cached = statements[sql] {
            statement = cached
        } else {
            statement = try make()
            if statements.count >= capacity { removeAll() }
            statements[sql] = statement
        }
        if let slot { recent[slot] = (sql, statement) }
        return statement
    }

    /// The ``recent`` slot for `sql`: its byte address, hashed down (nil when the string has no
    /// contiguous UTF-8 storage of its own, e.g. a bridged one).
    private static func slot(of sql: String) -> Int? {
        guard let address = sql.utf8.withContiguousStorageIfAvailable({ UInt(bitPattern: $0.baseAddress) }) else {
            return nil
        }
        // Fibonacci hashing of the address; the low bits alone repeat with allocation alignment.
        let mixed = (UInt64(address) &* 0x9E37_79B9_7F4A_7C15) >> 58
        return Int(mixed) & (recentSlots - 1)
    }

    /// Finalizes and drops every statement; required before `sqlite3_close`
    /// (https://www.sqlite.org/c3ref/close.html: close fails while statements are unfinalized).
    func removeAll() {
        for statement in statements.values { statement.finalize() }
        statements.removeAll()
        recent = Array(repeating: nil, count: Self.recentSlots)
    }
}

@available(*, unavailable)
extension StatementCache: Sendable {}
