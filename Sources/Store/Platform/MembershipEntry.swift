import Core
import Foundation

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
