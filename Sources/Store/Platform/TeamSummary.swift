import Core
import Foundation

/// A team with its current member count.
public struct TeamSummary: Sendable, Equatable {
    /// The team.
    public let team: TeamRecord
    /// Current members.
    public let memberCount: Int
}
