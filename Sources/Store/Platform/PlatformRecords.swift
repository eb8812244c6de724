import Core
import Foundation

/// One row of a keyset-paginated listing: the value and its position (the `rowid` or membership
/// `id` the next page starts after).
public struct Positioned<Value: Sendable>: Sendable {
    /// The row's position in the listing's order.
    public let position: Int64
    /// The row.
    public let value: Value
}

/// A team a user currently belongs to, as the platform sees it.
public struct TeamReference: Sendable, Equatable {
    /// The team id.
    public let id: String
    /// Its display name.
    public let displayName: String
}

/// One membership row of a team: current (``removedAt`` nil) or history.
public struct MembershipEntry: Sendable, Equatable {
    /// The member's user id.
    public let userID: String
    /// The member's userName.
    public let userName: String
    /// When the membership began.
    public let addedAt: Date
    /// When it ended; nil for a current member.
    public let removedAt: Date?
    /// Why it ended (`removed`, `access-ended`, `team-archived`, `stale`); nil while current.
    public let removedReason: String?
}

/// A team with its current member count.
public struct TeamSummary: Sendable, Equatable {
    /// The team.
    public let team: TeamRecord
    /// Current members.
    public let memberCount: Int
}

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
