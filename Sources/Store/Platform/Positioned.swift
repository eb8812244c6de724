/// One row of a keyset-paginated listing: the value and its position (the `rowid` or membership
/// `id` the next page starts after).
public struct Positioned<Value: Sendable>: Sendable {
    /// The row's position in the listing's order.
    public let position: Int64
    /// The row.
    public let value: Value
}
