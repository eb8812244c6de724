/// The answer to "may this userName sign in?", read from indexes.
public struct AccessDecision: Sendable, Equatable {
    /// Why the decision is what it is; stable strings the platform may switch on.
    public enum Reason: String, Sendable {
        /// The user exists, is not deleted and is active: access granted.
        case active
        /// The user exists but is deactivated (unassigned in the IdP).
        case inactive
        /// The user was deleted by the IdP (SCIM DELETE); no live user holds the userName.
        case deleted
        /// No user of the tenant has ever held this userName (or it is not a valid userName).
        case unknownUser = "unknown-user"
    }

    /// Whether the user may sign in (exactly: a live, active user holds the userName).
    public var allowed: Bool { reason == .active }
    /// The user's id; nil when unknown.
    public let userID: String?
    /// The user's `active` flag; nil when unknown.
    public let active: Bool?
    /// Current teams (empty without access: teams follow access, design.md).
    public let teams: [TeamReference]
    /// The reason.
    public let reason: Reason

    /// Creates a decision.
    public init(userID: String?, active: Bool?, teams: [TeamReference], reason: Reason) {
        self.userID = userID
        self.active = active
        self.teams = teams
        self.reason = reason
    }
}
