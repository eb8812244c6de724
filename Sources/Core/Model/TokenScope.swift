/// What a bearer token may do. A SCIM token is bound to one connection; a platform token reads
/// the tenant's platform API. Neither can do the other's work (design.md "Interfaces").
public enum TokenScope: Sendable, Hashable {
    /// SCIM push for exactly one connection of the tenant.
    case scim(connectionID: String)
    /// The platform read API of the tenant.
    case platform

    /// The stored kind: `scim` or `platform`.
    public var kind: String {
        switch self {
        case .scim: "scim"
        case .platform: "platform"
        }
    }

    /// The connection a SCIM token belongs to; nil for platform tokens.
    public var connectionID: String? {
        if case .scim(let id) = self { return id }
        return nil
    }
}
