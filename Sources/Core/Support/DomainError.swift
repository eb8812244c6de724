/// Validation failures of domain values. Each case carries the offending input so callers can
/// produce a precise message (CLI) or status (HTTP).
public enum DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a valid tenant slug.
    case invalidTenantName(String)
    /// Not a valid connection name.
    case invalidConnectionName(String)
    /// Not a known identity provider.
    case invalidIdentityProvider(String)

    /// A human-readable explanation.
    public var description: String {
        switch self {
        case .invalidTenantName(let name):
            "invalid tenant name '\(name)': use 1-63 lowercase letters, digits and '-', not starting or ending with '-'"
        case .invalidConnectionName(let name):
            "invalid connection name '\(name)': use 1-100 printable characters"
        case .invalidIdentityProvider(let idp):
            "invalid identity provider '\(idp)': use okta, entra or generic"
        }
    }
}
