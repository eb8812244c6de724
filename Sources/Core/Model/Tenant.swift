import Foundation

/// A customer org: the hard isolation boundary. No request of one tenant ever reads or writes
/// another tenant's rows.
public struct Tenant: Sendable, Hashable {
    /// The tenant's slug.
    public let name: TenantName
    /// When the tenant was created.
    public let createdAt: Date

    /// Creates a tenant value.
    public init(name: TenantName, createdAt: Date) {
        self.name = name
        self.createdAt = createdAt
    }
}
