/// One SQLite value, as stored: SQLite has exactly these five storage classes
/// (https://www.sqlite.org/datatype3.html §2). Binding and decoding go through this enum so
/// every conversion is explicit.
public enum SQLiteValue: Sendable, Hashable {
    /// A 64-bit signed integer.
    case integer(Int64)
    /// An IEEE 754 double.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Raw bytes.
    case blob([UInt8])
    /// SQL NULL.
    case null

    /// The storage class name as SQLite spells it, used in mismatch messages (never the value).
    public var typeName: String {
        switch self {
        case .integer: "INTEGER"
        case .real: "REAL"
        case .text: "TEXT"
        case .blob: "BLOB"
        case .null: "NULL"
        }
    }

    /// Whether this is SQL NULL.
    public var isNull: Bool { self == .null }
}
