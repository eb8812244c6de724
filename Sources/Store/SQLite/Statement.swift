internal import CSQLite

/// A prepared statement owned by one ``SQLiteConnection``.
///
/// Statements are compiled once and kept in the connection's ``StatementCache``; before every use
/// they are reset and their bindings cleared (https://www.sqlite.org/c3ref/reset.html,
/// https://www.sqlite.org/c3ref/clear_bindings.html), and after every use they are reset again so a
/// finished SELECT never keeps a read transaction open, which would stall WAL checkpoints
/// (https://www.sqlite.org/wal.html §"Avoiding Excessively Large WAL Files").
///
/// Not `Sendable`: it wraps a raw `sqlite3_stmt*` that must only be touched on its connection's
/// queue.
final class Statement {
    /// The SQL text with placeholders (safe to show: it never contains bound values).
    let sql: String
    private var handle: OpaquePointer?
    private let database: OpaquePointer
    /// The number of `?` parameters.
    let parameterCount: Int
    /// Result column names, in order.
    let columnNames: [String]

    /// Compiles `sql`, which must be exactly one statement.
    init(database: OpaquePointer, sql: String, persistent: Bool) throws(SQLiteError) {
        self.database = database
        self.sql = sql
        var statement: OpaquePointer?
        var tailOffset = 0
        // SQLITE_PREPARE_PERSISTENT hints that the statement is long-lived (it is cached), so
        // SQLite avoids its lookaside allocator for it (https://www.sqlite.org/c3ref/c_prepare_normalize.html).
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let status = sql.withCString { start in
            var tail: UnsafePointer<CChar>?
            let status = sqlite3_prepare_v3(database, start, -1, flags, &statement, &tail)
            if let tail { tailOffset = start.distance(to: tail) }
            return status
        }
        guard status == SQLITE_OK, let statement else {
            let error = SQLiteError(
                code: status, extendedCode: sqlite3_extended_errcode(database),
                message: String(cString: sqlite3_errmsg(database)), sql: sql)
            sqlite3_finalize(statement)
            throw error
        }
        // One statement only: anything after it would silently be ignored by prepare.
        let rest = sql.utf8.dropFirst(tailOffset)
        if rest.contains(where: { !$0.isASCIIWhitespaceOrSemicolon }) {
            sqlite3_finalize(statement)
            throw SQLiteError.misuse("more than one statement; use executeScript for scripts", sql: sql)
        }
        self.handle = statement
        self.parameterCount = Int(sqlite3_bind_parameter_count(statement))
        self.columnNames = (0..<sqlite3_column_count(statement)).map { index in
            sqlite3_column_name(statement, index).map { String(cString: $0) } ?? "column\(index)"
        }
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Finalizes now (before the connection closes). Safe to call twice.
    func finalize() {
        sqlite3_finalize(handle)
        handle = nil
    }

    /// Binds `values` to parameters 1…n after resetting the previous run and clearing old bindings.
    func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        let handle = try liveHandle()
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard values.count == parameterCount else {
            throw .misuse("expected \(parameterCount) arguments, got \(values.count)", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let integer): status = sqlite3_bind_int64(handle, index, integer)
            case .real(let real): status = sqlite3_bind_double(handle, index, real)
            case .text(let text): status = Self.bindText(text, to: handle, at: index)
            case .blob(let bytes): status = Self.bindBlob(bytes, to: handle, at: index)
            case .null: status = sqlite3_bind_null(handle, index)
            }
            guard status == SQLITE_OK else { throw error(status) }
        }
    }

    /// Runs the bound statement to completion and returns every row, then resets it.
    func rows() throws(SQLiteError) -> [Row] {
        var rows: [Row] = []
        try stepToEnd { handle in
            rows.append(Row(columnNames: columnNames, values: (0..<Int32(columnNames.count)).map { column(handle, $0) }))
        }
        return rows
    }

    /// Runs the bound statement to completion, handing each row to `body` as it is stepped (nothing
    /// is collected), then resets it. The cursor is valid only during its call of `body`, which
    /// must not run this same SQL on the connection (that would reset this statement).
    func forEachRow(_ body: (RowCursor) throws -> Void) throws {
        let handle = try liveHandle()
        defer { sqlite3_reset(handle) }
        while true {
            let status = sqlite3_step(handle)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw error(status) }
            try body(RowCursor(statement: self))
            // `body` may have run enough other statements to flush the cache, which finalizes
            // this one: stepping a finalized handle would be undefined behaviour.
            guard self.handle != nil else { throw SQLiteError.misuse("statement finalized while its rows were read", sql: sql) }
        }
    }

    /// The value of column `index` of the current row (between a `SQLITE_ROW` step and the next
    /// step or reset), as ``rows()`` would copy it.
    func currentValue(at index: Int32) throws(SQLiteError) -> SQLiteValue {
        column(try liveHandle(), index)
    }

    /// Runs the bound statement to completion, ignoring any rows, then resets it.
    func run() throws(SQLiteError) {
        try stepToEnd { _ in }
    }

    /// Steps the bound statement until `SQLITE_DONE`, calling `onRow` at each row, then resets it.
    private func stepToEnd(_ onRow: (OpaquePointer) -> Void) throws(SQLiteError) {
        let handle = try liveHandle()
        defer { sqlite3_reset(handle) }
        while true {
            let status = sqlite3_step(handle)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw error(status) }
            onRow(handle)
        }
    }

    private func liveHandle() throws(SQLiteError) -> OpaquePointer {
        guard let handle else { throw .misuse("statement already finalized", sql: sql) }
        return handle
    }

    private func column(_ handle: OpaquePointer, _ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            // Read the pointer first, then the byte count (https://www.sqlite.org/c3ref/column_blob.html).
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            // A zero-length BLOB has a NULL pointer but is still a BLOB, not NULL.
            guard let blob = sqlite3_column_blob(handle, index) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default: return .null
        }
    }

    /// The error for a failed step/bind. Only codes and SQLite's message: never the bindings.
    private func error(_ status: Int32) -> SQLiteError {
        SQLiteError(
            code: status, extendedCode: sqlite3_extended_errcode(database),
            message: String(cString: sqlite3_errmsg(database)), sql: sql)
    }

    /// Binds UTF-8 with an explicit length so embedded NULs survive. SQLITE_TRANSIENT makes SQLite
    /// copy the bytes, because Swift's buffer is only valid inside the closure.
    private static func bindText(_ text: String, to handle: OpaquePointer, at index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { buffer in
            // A NULL pointer would bind SQL NULL, so the empty string gets a valid one.
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                return sqlite3_bind_text(handle, index, "", 0, roster_sqlite_transient())
            }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                sqlite3_bind_text(handle, index, pointer, Int32(buffer.count), roster_sqlite_transient())
            }
        }
    }

    /// Binds bytes (copied, SQLITE_TRANSIENT); an empty array binds a zero-length BLOB, not NULL.
    private static func bindBlob(_ bytes: [UInt8], to handle: OpaquePointer, at index: Int32) -> Int32 {
        guard !bytes.isEmpty else { return sqlite3_bind_zeroblob(handle, index, 0) }
        return bytes.withUnsafeBytes { buffer in
            sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), roster_sqlite_transient())
        }
    }
}

@available(*, unavailable)
extension Statement: Sendable {}

extension UInt8 {
    fileprivate var isASCIIWhitespaceOrSemicolon: Bool {
        self == UInt8(ascii: " ") || self == UInt8(ascii: "\n") || self == UInt8(ascii: "\t")
            || self == UInt8(ascii: "\r") || self == UInt8(ascii: ";")
    }
}
