import Core
import Foundation
import Store

/// Roster's own state of one connection, read in one transaction right after the pull: the
/// versions captured here are what apply compares against to detect a push that landed after
/// the snapshot (design.md "Reconciler rules" 4).
///
/// Users are ``UserSummary`` values (the Okta-owned attributes only, never the attributes blob)
/// and every large result is streamed row by row, so a 100,000-user connection loads without
/// holding its rows twice.
public struct LocalState: Sendable {
    /// Users of the connection, deleted ones included, in insertion order.
    public var users: [UserSummary]
    /// Non-archived teams of the connection.
    public var teams: [TeamRecord]
    /// Current member user ids by team id.
    public var members: [String: Set<String>]
    /// Open parked operations of the connection.
    public var parked: [ParkedOperation]
    /// User ids the audit trail mentions (a user missing now but audited was lost locally; one
    /// never audited was never pushed): every such id, or, when loaded with audit candidates,
    /// those of the candidates that are not local users.
    public var auditedUserIDs: Set<String>

    /// Creates a state (tests build one by hand; runs use ``load(tenant:connectionID:database:auditCandidates:)``).
    public init(
        users: [UserSummary], teams: [TeamRecord], members: [String: Set<String>], parked: [ParkedOperation],
        auditedUserIDs: Set<String>
    ) {
        self.users = users
        self.teams = teams
        self.members = members
        self.parked = parked
        self.auditedUserIDs = auditedUserIDs
    }

    /// Reads the state of `connectionID`.
    ///
    /// - Parameter auditCandidates: the only ids the diff can ask ``auditedUserIDs`` about (the
    ///   snapshot's app-user `externalId`s); when given, only those that are not local users are
    ///   looked up in the audit trail, one index probe each, instead of reading every user id it
    ///   ever mentioned. Nil reads them all.
    public static func load(
        tenant: TenantName, connectionID: String, database: Database, auditCandidates: [String]? = nil
    ) async throws -> LocalState {
        try await database.read { connection in
            let users = try UserTable.summaries(tenant: tenant, connectionID: connectionID, on: connection)
            let teams = try TeamTable.list(
                tenant: tenant, connectionID: connectionID, selection: .all, offset: 0, limit: Int.max,
                on: connection
            ).teams
            let members = try currentMembers(tenant: tenant, connectionID: connectionID, on: connection)
            let parked = try ParkedOperationTable.open(tenant: tenant, connectionID: connectionID, on: connection)
            let audited: Set<String>
            if let auditCandidates {
                audited = try auditedUsers(
                    among: auditCandidates, excluding: users, tenant: tenant, connectionID: connectionID, on: connection)
            } else {
                audited = try allAuditedUsers(tenant: tenant, connectionID: connectionID, on: connection)
            }
            return LocalState(users: users, teams: teams, members: members, parked: parked, auditedUserIDs: audited)
        }
    }
}
