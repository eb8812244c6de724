internal import CSQLite

/// A failed SQLite call, with the context captured at the throw site.
///
/// SCIM payloads are personal data, so an error never carries **bound values**: only the result
/// codes, SQLite's own message (which names tables, columns and constraints, not values) and the
/// SQL text with its `?` placeholders. This follows GRDB's `DatabaseError`, whose `description`
/// hides arguments (style.md §8.5).
public struct SQLiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The primary result code (`SQLITE_CONSTRAINT` = 19, `SQLITE_BUSY` = 5, …),
    /// https://www.sqlite.org/rescode.html.
    public let code: Int32
    /// The extended result code (e.g. `SQLITE_CONSTRAINT_UNIQUE` = 2067); equals `code` when
    /// SQLite reports no refinement (https://www.sqlite.org/rescode.html#extrc).
    public let extendedCode: Int32
    /// SQLite's error message (`sqlite3_errmsg`) or Roster's own explanation.
    public let message: String
    /// The SQL being run, with placeholders, if any.
    public let sql: String?

    /// Creates an error value.
    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil) {
        self.code = code & 0xff
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
    }

    /// "SQLite error 19 (constraint failed, extended 2067): UNIQUE constraint failed: tenants.name
    /// — in `INSERT INTO tenants …`". Never contains bound values.
    public var description: String {
        var text = "SQLite error \(code) (\(Self.name(of: code))"
        if extendedCode != code { text += ", extended \(extendedCode)" }
        text += "): \(message)"
        if let sql { text += " — in `\(sql)`" }
        return text
    }

    /// SQLite's English name of a result code (`sqlite3_errstr`).
    static func name(of code: Int32) -> String {
        guard let text = sqlite3_errstr(code) else { return "unknown" }
        return String(cString: text)
    }
}

extension SQLiteError {
    /// A constraint (UNIQUE, FOREIGN KEY, CHECK, NOT NULL…) rejected the statement.
    public var isConstraintViolation: Bool { code == SQLITE_CONSTRAINT }
    /// A UNIQUE or PRIMARY KEY constraint rejected the statement.
    public var isUniqueViolation: Bool {
        extendedCode == Self.constraintUnique || extendedCode == Self.constraintPrimaryKey
    }
    /// A FOREIGN KEY constraint rejected the statement.
    public var isForeignKeyViolation: Bool { extendedCode == Self.constraintForeignKey }
    /// The database file is damaged or is not a database at all
    /// (`SQLITE_CORRUPT`, `SQLITE_NOTADB`).
    public var isCorruption: Bool { code == SQLITE_CORRUPT || code == SQLITE_NOTADB }
    /// Another connection holds a conflicting lock even after the busy timeout.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }

    // Extended codes are `(SQLITE_CONSTRAINT | (n<<8))` macros, which Swift does not import;
    // values from https://www.sqlite.org/rescode.html#extrc.
    /// `SQLITE_CONSTRAINT_UNIQUE` (2067).
    static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
    /// `SQLITE_CONSTRAINT_PRIMARYKEY` (1555).
    static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)
    /// `SQLITE_CONSTRAINT_FOREIGNKEY` (787).
    static let constraintForeignKey: Int32 = SQLITE_CONSTRAINT | (3 << 8)

    /// Roster's misuse of the API (wrong argument count, nested transaction, closed connection).
    static func misuse(_ message: String, sql: String? = nil) -> SQLiteError {
        SQLiteError(code: SQLITE_MISUSE, message: message, sql: sql)
    }

    /// A column value did not have the type the caller asked for.
    static func mismatch(_ message: String) -> SQLiteError {
        SQLiteError(code: SQLITE_MISMATCH, message: message)
    }
}
