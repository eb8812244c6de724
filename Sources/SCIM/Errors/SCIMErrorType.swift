/// The `scimType` detail error keywords of RFC 7644 §3.12, Table 9.
public enum SCIMErrorType: String, Sendable, Equatable, CaseIterable {
    /// The filter syntax is invalid or the filter is not supported (400).
    case invalidFilter
    /// The filter yields too many results to process (400).
    case tooMany
    /// A value must be unique, e.g. `userName` (409).
    case uniqueness
    /// An attempt to modify a readOnly or immutable attribute, or remove a required one (400).
    case mutability
    /// The request body structure is invalid or does not match the schema (400).
    case invalidSyntax
    /// The PATCH `path` is invalid or unsupported (400).
    case invalidPath
    /// The PATCH path did not yield an attribute or value that could be operated on (400).
    case noTarget
    /// A required value is missing or a value is incompatible with the attribute type (400).
    case invalidValue
    /// The protocol version is not supported (400).
    case invalidVers
    /// The request cannot be completed because of sensitive data in the URI (403).
    case sensitive

    /// The HTTP status RFC 7644 §3.12 pairs with this keyword.
    public var defaultStatus: Int {
        switch self {
        case .uniqueness: 409
        case .sensitive: 403
        default: 400
        }
    }
}
