import Core
import Foundation

/// A user row: the stored SCIM User of one connection.
///
/// `attributes` is the JSON object of the user's SCIM attributes as the IdP sent them (minus
/// `id`, `meta`, `groups` and `password`, which are never stored); the columns beside it are the
/// indexed or rule-bearing fields.
public struct UserRecord: Sendable, Equatable {
    /// Roster's id for the user (the SCIM `id`).
    public var id: String
    /// The owning tenant.
    public var tenant: TenantName
    /// The connection that provisioned the user.
    public var connectionID: String
    /// The IdP's id for the user (Okta user id `00u…`); unique per connection.
    public var externalID: String?
    /// `userName` exactly as sent.
    public var userName: String
    /// The canonical form used for uniqueness and matching (``UserNameCanonicalizer``-style rule).
    public var userNameCanonical: String
    /// Access: a user has access iff active.
    public var active: Bool
    /// When a SCIM DELETE removed the user from SCIM view (soft delete).
    public var deletedAt: Date?
    /// SCIM attributes JSON (an object).
    public var attributes: String
    /// Lower-cased email values, for `emails.value eq` lookups.
    public var emailValues: [String]
    /// Creation time.
    public var createdAt: Date
    /// Last change time.
    public var updatedAt: Date
    /// Incremented on every change; the SCIM `meta.version` ETag is derived from it.
    public var version: Int

    /// Creates a record.
    public init(
        id: String, tenant: TenantName, connectionID: String, externalID: String?, userName: String,
        userNameCanonical: String, active: Bool, deletedAt: Date? = nil, attributes: String, emailValues: [String] = [],
        createdAt: Date, updatedAt: Date, version: Int = 1
    ) {
        self.id = id
        self.tenant = tenant
        self.connectionID = connectionID
        self.externalID = externalID
        self.userName = userName
        self.userNameCanonical = userNameCanonical
        self.active = active
        self.deletedAt = deletedAt
        self.attributes = attributes
        self.emailValues = emailValues
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// Which users a listing selects, each served by an index.
public enum UserSelection: Sendable, Equatable {
    /// Every (non-deleted) user of the connection.
    case all
    /// By SCIM id.
    case id(String)
    /// By canonical userName.
    case userName(canonical: String)
    /// By externalId (case-exact).
    case externalID(String)
    /// By lower-cased email value.
    case email(canonical: String)
}
