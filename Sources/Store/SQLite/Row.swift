/// One result row, copied out of SQLite so it stays valid after the statement is reset and can
/// cross threads (`Sendable`).
///
/// Getters are typed and strict: asking for a `String` from an INTEGER column, or a non-optional
/// from NULL, throws ``SQLiteError`` with code `SQLITE_MISMATCH`. The message names the column and
/// the storage classes, never the value.
public struct Row: Sendable, Hashable {
    /// Column names, in result order.
    public let columnNames: [String]
    /// Values, parallel to ``columnNames``.
    public let values: [SQLiteValue]

    /// Creates a row.
    public init(columnNames: [String], values: [SQLiteValue]) {
        precondition(columnNames.count == values.count, "row shape mismatch")
        self.columnNames = columnNames
        self.values = values
    }

    /// The number of columns.
    public var count: Int { values.count }

    /// The value of the column named `column`, decoded as `T`.
    /// - Throws: ``SQLiteError`` if there is no such column or its value does not fit `T`.
    public func value<T: SQLiteValueDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let index = columnNames.firstIndex(of: column) else {
            throw SQLiteError.misuse("no column named '\(column)' in result (\(columnNames.joined(separator: ", ")))")
        }
        return try decode(index: index, as: type)
    }

    /// The value at zero-based `index`, decoded as `T`.
    /// - Throws: ``SQLiteError`` if the index is out of range or the value does not fit `T`.
    public func value<T: SQLiteValueDecodable>(at index: Int, as type: T.Type = T.self) throws -> T {
        guard values.indices.contains(index) else {
            throw SQLiteError.misuse("column index \(index) out of range (\(values.count) columns)")
        }
        return try decode(index: index, as: type)
    }

    /// The raw value of the column named `column`, or nil if there is no such column.
    public subscript(_ column: String) -> SQLiteValue? {
        columnNames.firstIndex(of: column).map { values[$0] }
    }

    /// Decodes column `index`; the error message is only built on failure (this runs for every
    /// column of every row read).
    private func decode<T: SQLiteValueDecodable>(index: Int, as type: T.Type) throws -> T {
        let raw = values[index]
        guard let decoded = T(sqliteValue: raw) else {
            throw SQLiteError.mismatch(
                "column \(index) ('\(columnNames[index])'): expected \(T.expectedSQLiteType), found \(raw.typeName)")
        }
        return decoded
    }
}
