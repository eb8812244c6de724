/// The current row of a query that is being stepped by
/// ``SQLiteConnection/forEachRow(_:_:body:)``: columns are read straight from the statement,
/// so a large result is never materialised as an array of ``Row`` values.
///
/// Valid only inside the `body` call that received it: the next step overwrites the row. Not
/// `Sendable`, for the same reason as ``Statement``.
public struct RowCursor {
    /// The statement positioned on the row.
    let statement: Statement

    /// The number of result columns.
    public var count: Int { statement.columnNames.count }

    /// The value at zero-based `index`, decoded as `T`, with the same strict rules as
    /// ``Row/value(at:as:)``.
    /// - Throws: ``SQLiteError`` if the index is out of range or the value does not fit `T`.
    public func value<T: SQLiteValueDecodable>(at index: Int, as type: T.Type = T.self) throws(SQLiteError) -> T {
        guard statement.columnNames.indices.contains(index) else {
            throw SQLiteError.misuse("column index \(index) out of range (\(count) columns)")
        }
        let raw = try statement.currentValue(at: Int32(index))
        guard let decoded = T(sqliteValue: raw) else {
            throw SQLiteError.mismatch(
                "column \(index) ('\(statement.columnNames[index])'): expected \(T.expectedSQLiteType), found \(raw.typeName)")
        }
        return decoded
    }
}

@available(*, unavailable)
extension RowCursor: Sendable {}
