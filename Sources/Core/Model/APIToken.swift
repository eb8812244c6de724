import Foundation

/// The non-secret record of a bearer token. The secret itself is shown once at creation and only
/// its SHA-256 digest is stored (hardening.md §1.8).
public struct APIToken: Sendable, Hashable {
    /// Public identifier, safe to show and log (`tok` + 16 lowercase hex digits).
    public let id: String
    /// The owning tenant.
    public let tenant: TenantName
    /// What the token may do.
    public let scope: TokenScope
    /// When it was created.
    public let createdAt: Date
    /// When it last authenticated a request (updated at most about once a minute).
    public let lastUsedAt: Date?
    /// When it was revoked; a revoked token never authenticates again.
    public let revokedAt: Date?

    /// Creates a token record.
    public init(
        id: String, tenant: TenantName, scope: TokenScope, createdAt: Date, lastUsedAt: Date?, revokedAt: Date?
    ) {
        self.id = id
        self.tenant = tenant
        self.scope = scope
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    /// Whether the token can still authenticate.
    public var isActive: Bool { revokedAt == nil }
}
