import Core
import Foundation

/// A user as a reconcile diff sees it: the rule-bearing columns and, instead of the whole SCIM
/// attributes blob, only the attributes Okta owns (`name.givenName`, `name.familyName`,
/// `emails[].value`), extracted by SQLite. Read-only: it cannot be written back.
///
/// About 5 small strings per user instead of the ~300-byte attributes text and its parsed tree,
/// so 100,000 users load in a fraction of the memory and time (BENCHMARKS.md "Reconcile").
public struct UserSummary: Sendable, Equatable {
    /// Roster's id for the user (the SCIM `id`).
    public var id: String
    /// The IdP's id for the user (Okta user id `00u…`).
    public var externalID: String?
    /// `userName` exactly as sent.
    public var userName: String
    /// The canonical userName (uniqueness and matching).
    public var userNameCanonical: String
    /// Whether the user is active.
    public var active: Bool
    /// When a SCIM DELETE removed the user, if it did.
    public var deletedAt: Date?
    /// Last change time.
    public var updatedAt: Date
    /// The row version (the snapshot version apply compares against).
    public var version: Int
    /// `name.givenName` when the attributes hold a string there, else nil.
    public var givenName: String?
    /// `name.familyName` when the attributes hold a string there, else nil.
    public var familyName: String?
    /// The `value` of each element of `emails` that has a string `value`, in stored order; empty
    /// when `emails` is missing or not an array.
    public var emails: [String]

    /// Creates a summary.
    public init(
        id: String, externalID: String?, userName: String, userNameCanonical: String, active: Bool,
        deletedAt: Date? = nil, updatedAt: Date, version: Int = 1, givenName: String? = nil, familyName: String? = nil,
        emails: [String] = []
    ) {
        self.id = id
        self.externalID = externalID
        self.userName = userName
        self.userNameCanonical = userNameCanonical
        self.active = active
        self.deletedAt = deletedAt
        self.updatedAt = updatedAt
        self.version = version
        self.givenName = givenName
        self.familyName = familyName
        self.emails = emails
    }

    /// Whether the user has access: active and not deleted.
    public var hasAccess: Bool { active && deletedAt == nil }
}
