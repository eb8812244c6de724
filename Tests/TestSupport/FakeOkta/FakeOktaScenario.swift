/// The org a ``FakeOkta`` serves: app users (each with an embedded Okta user), groups with their
/// members, and which groups are pushed (okta-protocol.md C6 shapes).
public struct FakeOktaScenario: Sendable {
    /// One app user.
    public struct AppUser: Sendable {
        /// Okta user id (`00u…`).
        public var id: String
        /// Our SCIM id as Okta holds it.
        public var externalID: String?
        /// App user status (`PROVISIONED`, `ACTIVE`, `STAGED`, …).
        public var status: String
        /// Okta user status (`ACTIVE`, `SUSPENDED`, `DEPROVISIONED`, …).
        public var userStatus: String
        /// App username.
        public var userName: String
        /// Given name.
        public var givenName: String
        /// Family name.
        public var familyName: String
        /// `lastUpdated` as RFC 3339 text.
        public var lastUpdated: String

        /// Creates an app user; names default from `userName`.
        public init(
            id: String, externalID: String?, userName: String, status: String = "PROVISIONED",
            userStatus: String = "ACTIVE", givenName: String = "Given", familyName: String = "Family",
            lastUpdated: String = "2026-01-05T10:00:00.000Z"
        ) {
            self.id = id
            self.externalID = externalID
            self.status = status
            self.userStatus = userStatus
            self.userName = userName
            self.givenName = givenName
            self.familyName = familyName
            self.lastUpdated = lastUpdated
        }
    }

    /// One Okta group.
    public struct Group: Sendable {
        /// Okta group id (`00g…`).
        public var id: String
        /// `profile.name`.
        public var name: String
        /// Member Okta user ids.
        public var members: [String]
        /// Whether an ACTIVE push mapping exists for it.
        public var pushed: Bool
        /// The mapping's `targetGroupId` (our SCIM group id), if any.
        public var targetGroupID: String?
        /// Whether it is assigned to the app (listed by `/apps/{id}/groups`).
        public var assigned: Bool

        /// Creates a group.
        public init(
            id: String, name: String, members: [String], pushed: Bool = true, targetGroupID: String? = nil,
            assigned: Bool = true
        ) {
            self.id = id
            self.name = name
            self.members = members
            self.pushed = pushed
            self.targetGroupID = targetGroupID
            self.assigned = assigned
        }
    }

    /// The app id served.
    public var appID: String
    /// App users in listing order.
    public var appUsers: [AppUser]
    /// Groups.
    public var groups: [Group]

    /// Creates a scenario.
    public init(appID: String = "0oaapp", appUsers: [AppUser] = [], groups: [Group] = []) {
        self.appID = appID
        self.appUsers = appUsers
        self.groups = groups
    }
}
