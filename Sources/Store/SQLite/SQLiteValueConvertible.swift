import Foundation

/// A Swift type that can be bound to a statement parameter.
public protocol SQLiteValueConvertible {
    /// The value to bind.
    var sqliteValue: SQLiteValue { get }
}

/// A Swift type that can be read from a result column. Decoding is strict: a column whose storage
/// class does not match throws instead of being coerced, so schema drift is noticed at once.
public protocol SQLiteValueDecodable {
    /// Decodes `value`, or returns nil when its storage class does not fit this type.
    init?(sqliteValue value: SQLiteValue)
    /// The expected storage class, for error messages.
    static var expectedSQLiteType: String { get }
}

extension SQLiteValue: SQLiteValueConvertible, SQLiteValueDecodable {
    /// The value itself.
    public var sqliteValue: SQLiteValue { self }
    /// Any value decodes as itself.
    public init?(sqliteValue value: SQLiteValue) { self = value }
    /// Any storage class.
    public static var expectedSQLiteType: String { "any" }
}

extension Int64: SQLiteValueConvertible, SQLiteValueDecodable {
    /// Binds as INTEGER.
    public var sqliteValue: SQLiteValue { .integer(self) }
    /// Decodes INTEGER only.
    public init?(sqliteValue value: SQLiteValue) {
        guard case .integer(let integer) = value else { return nil }
        self = integer
    }
    /// INTEGER.
    public static var expectedSQLiteType: String { "INTEGER" }
}

extension Int: SQLiteValueConvertible, SQLiteValueDecodable {
    /// Binds as INTEGER.
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
    /// Decodes INTEGER only (Int is 64-bit on every platform Roster supports).
    public init?(sqliteValue value: SQLiteValue) {
        guard case .integer(let integer) = value, let exact = Int(exactly: integer) else { return nil }
        self = exact
    }
    /// INTEGER.
    public static var expectedSQLiteType: String { "INTEGER" }
}

extension Double: SQLiteValueConvertible, SQLiteValueDecodable {
    /// Binds as REAL.
    public var sqliteValue: SQLiteValue { .real(self) }
    /// Decodes REAL, and INTEGER widened to Double: SQLite itself may store an integral REAL as
    /// INTEGER on disk and expressions such as `sum()` return either
    /// (https://www.sqlite.org/datatype3.html §3.4).
    public init?(sqliteValue value: SQLiteValue) {
        switch value {
        case .real(let real): self = real
        case .integer(let integer): self = Double(integer)
        default: return nil
        }
    }
    /// REAL.
    public static var expectedSQLiteType: String { "REAL" }
}

extension String: SQLiteValueConvertible, SQLiteValueDecodable {
    /// Binds as TEXT (UTF-8, embedded NUL bytes preserved).
    public var sqliteValue: SQLiteValue { .text(self) }
    /// Decodes TEXT only.
    public init?(sqliteValue value: SQLiteValue) {
        guard case .text(let text) = value else { return nil }
        self = text
    }
    /// TEXT.
    public static var expectedSQLiteType: String { "TEXT" }
}

extension Array: SQLiteValueConvertible, SQLiteValueDecodable where Element == UInt8 {
    /// Binds as BLOB (an empty array binds a zero-length BLOB, not NULL).
    public var sqliteValue: SQLiteValue { .blob(self) }
    /// Decodes BLOB only.
    public init?(sqliteValue value: SQLiteValue) {
        guard case .blob(let bytes) = value else { return nil }
        self = bytes
    }
    /// BLOB.
    public static var expectedSQLiteType: String { "BLOB" }
}

extension Bool: SQLiteValueConvertible, SQLiteValueDecodable {
    /// Binds as INTEGER 0 or 1; SQLite has no boolean type (https://www.sqlite.org/datatype3.html §2.1).
    public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
    /// Decodes INTEGER 0 or 1 only; any other value is a mismatch.
    public init?(sqliteValue value: SQLiteValue) {
        switch value {
        case .integer(0): self = false
        case .integer(1): self = true
        default: return nil
        }
    }
    /// INTEGER 0/1.
    public static var expectedSQLiteType: String { "INTEGER (0 or 1)" }
}

/// Dates are stored as **INTEGER milliseconds since the Unix epoch (UTC)**.
///
/// Why not ISO-8601 TEXT: integers compare and index numerically, take 6–8 bytes instead of 24,
/// need no parsing, and SQLite's own date functions read them with `'unixepoch'`
/// (`datetime(created_at / 1000, 'unixepoch')`, https://www.sqlite.org/lang_datefunc.html).
/// Millisecond precision is what audit ordering and `last_used_at` need; sub-millisecond parts
/// are rounded.
extension Date: SQLiteValueConvertible, SQLiteValueDecodable {
    /// Binds as INTEGER Unix milliseconds.
    public var sqliteValue: SQLiteValue { .integer(unixMilliseconds) }
    /// Decodes INTEGER Unix milliseconds only.
    public init?(sqliteValue value: SQLiteValue) {
        guard case .integer(let milliseconds) = value else { return nil }
        self.init(unixMilliseconds: milliseconds)
    }
    /// INTEGER (Unix milliseconds).
    public static var expectedSQLiteType: String { "INTEGER (Unix milliseconds)" }

    /// Milliseconds since 1970-01-01T00:00:00Z, rounded to the nearest millisecond.
    public var unixMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    /// The date `milliseconds` after the Unix epoch.
    public init(unixMilliseconds milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}

extension Optional: SQLiteValueConvertible where Wrapped: SQLiteValueConvertible {
    /// `nil` binds NULL.
    public var sqliteValue: SQLiteValue { self?.sqliteValue ?? .null }
}

extension Optional: SQLiteValueDecodable where Wrapped: SQLiteValueDecodable {
    /// NULL decodes as `nil`; anything else must decode as `Wrapped`.
    public init?(sqliteValue value: SQLiteValue) {
        if case .null = value {
            self = .none
            return
        }
        guard let wrapped = Wrapped(sqliteValue: value) else { return nil }
        self = .some(wrapped)
    }
    /// The wrapped type's class, or NULL.
    public static var expectedSQLiteType: String { "\(Wrapped.expectedSQLiteType) or NULL" }
}
