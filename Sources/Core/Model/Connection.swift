import Foundation

/// A SAML/SCIM app integration of a tenant. It owns its SCIM tokens and its Okta pull settings;
/// its `id` is the `{connectionId}` segment of the SCIM base URL.
public struct Connection: Sendable, Hashable {
    /// Random identifier: 20 lowercase letters and digits (no `_`, which Okta refuses in URLs).
    public let id: String
    /// The owning tenant.
    public let tenant: TenantName
    /// The admin's label for the connection, unique within the tenant.
    public let name: String
    /// Which IdP pushes into it.
    public let idp: IdentityProvider
    /// When it was created.
    public let createdAt: Date

    /// Creates a connection value.
    public init(id: String, tenant: TenantName, name: String, idp: IdentityProvider, createdAt: Date) {
        self.id = id
        self.tenant = tenant
        self.name = name
        self.idp = idp
        self.createdAt = createdAt
    }

    /// The SCIM base URL path of this connection, below which Okta/Entra send requests
    /// (design.md "SCIM receiver rules").
    public var scimBasePath: String { "/scim/v2/\(tenant.rawValue)/\(id)" }

    /// Validates a connection name: 1–100 characters, no control characters.
    public static func validateName(_ name: String) throws(DomainError) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, name.count <= 100,
            !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw .invalidConnectionName(name) }
    }
}
