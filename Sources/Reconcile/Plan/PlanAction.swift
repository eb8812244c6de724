/// One corrective action of a plan, with its reason and drift attribution. Every action is
/// idempotent: applying it twice changes nothing the second time.
public struct PlanAction: Sendable, Equatable {
    /// What the action does.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// Create a user Okta has assigned and provisioned, with the SCIM id Okta holds.
        case provisionUser = "provision-user"
        /// Remove access from a user who should not have it.
        case deactivateUser = "deactivate-user"
        /// Restore access to a user who should have it.
        case reactivateUser = "reactivate-user"
        /// Bring userName, names or email in line with Okta.
        case updateUser = "update-user"
        /// Create a pushed group missing locally.
        case createTeam = "create-team"
        /// Rename a team to the Okta group's name.
        case renameTeam = "rename-team"
        /// Add a member who is in the Okta group and has access.
        case addMember = "add-member"
        /// Remove a member who is no longer in the Okta group.
        case removeMember = "remove-member"
        /// Close a parked membership operation that never resolved.
        case expireParked = "expire-parked"
    }

    /// User fields an action writes (provision and update).
    public struct UserFields: Sendable, Equatable {
        /// The Okta user id (our `externalId`).
        public var oktaUserID: String
        /// `userName`.
        public var userName: String
        /// `name.givenName`.
        public var givenName: String?
        /// `name.familyName`.
        public var familyName: String?
        /// Work email.
        public var email: String?
        /// Whether the user should have access.
        public var active: Bool
    }

    /// The kind.
    public var kind: Kind
    /// The subject: a user id (user actions), a team id (team and member actions), or a parked
    /// operation id.
    public var subjectID: String
    /// For member actions, the user; for provision, the userName (display only).
    public var userID: String?
    /// Why, in words (e.g. `app user status DEPROVISIONED`).
    public var reason: String
    /// Where the drift came from.
    public var attribution: DriftAttribution
    /// The subject's version captured with the local state; apply skips the action when the
    /// subject changed since (a push that landed after the snapshot wins).
    public var expectedVersion: Int?
    /// Fields to write, for provision and update.
    public var fields: UserFields?
    /// The team name, for create and rename; the Okta group id for create goes in ``externalID``.
    public var teamName: String?
    /// The Okta group id of a team to create.
    public var externalID: String?

    /// Creates an action.
    public init(
        kind: Kind, subjectID: String, userID: String? = nil, reason: String, attribution: DriftAttribution,
        expectedVersion: Int? = nil, fields: UserFields? = nil, teamName: String? = nil, externalID: String? = nil
    ) {
        self.kind = kind
        self.subjectID = subjectID
        self.userID = userID
        self.reason = reason
        self.attribution = attribution
        self.expectedVersion = expectedVersion
        self.fields = fields
        self.teamName = teamName
        self.externalID = externalID
    }

    /// Whether the action takes access or membership away (held back by the safety valve).
    public var isRemoval: Bool { kind == .deactivateUser || kind == .removeMember }
}
