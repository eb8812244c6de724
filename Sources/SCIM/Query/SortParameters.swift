/// `sortBy` / `sortOrder` (RFC 7644 §3.4.2.3). Roster sorts on the indexed attributes only.
public struct SortParameters: Sendable, Equatable {
    /// The attributes a store can sort on.
    public enum Key: String, Sendable, Equatable, CaseIterable {
        /// `userName` (by canonical form).
        case userName
        /// `displayName`.
        case displayName
        /// `externalId`.
        case externalId
        /// `id`.
        case id
        /// `meta.created`.
        case created = "meta.created"
        /// `meta.lastModified`.
        case lastModified = "meta.lastModified"
    }

    /// The sort key.
    public var key: Key
    /// Ascending unless `sortOrder=descending`.
    public var ascending: Bool

    /// Parses the query values; nil when `sortBy` is absent.
    /// - Throws: 400 `invalidValue` for an unsupported attribute or order.
    public init?(sortBy: String?, sortOrder: String?, kind: SCIMResourceKind) throws(SCIMError) {
        guard let sortBy, let path = AttributePath(parsing: sortBy.trimmingSpaces()) else {
            if sortBy != nil { throw .invalidValue("sortBy is not an attribute path") }
            return nil
        }
        let resolved = kind.resolve(path)
        let name = resolved.container == nil ? resolved.name + (resolved.subName.map { "." + $0 } ?? "") : ""
        guard let key = Key(rawValue: name), key != .userName || kind == .user else {
            throw .invalidValue("sortBy \(sortBy.prefix(80)) is not supported; use one of "
                + Key.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.key = key
        switch sortOrder?.lowercased() {
        case nil, "ascending": ascending = true
        case "descending": ascending = false
        default: throw .invalidValue("sortOrder must be ascending or descending")
        }
    }
}
