import Core
import Foundation

/// The consequences of an access change, shared by the SCIM receiver and the reconciler so both
/// apply the same rule (design.md "Teams follow access"): a user who loses access leaves every
/// team (memberships ended `access-ended`, history kept), and one who regains it gets those
/// memberships back at once. Each membership change is an audit event of `actor`, written in the
/// caller's transaction.
public struct AccessChanges {
    /// The tenant.
    public let tenant: TenantName
    /// The connection acting.
    public let connectionID: String
    /// Who acts: `scim` or `reconciler`.
    public let actor: AuditActor
    /// The SCIM request id or the reconcile run id.
    public let requestID: String?
    /// The change's time.
    public let time: Date
    /// The writer connection, inside a write transaction.
    public let connection: SQLiteConnection

    /// Creates the helper for one transaction.
    public init(
        tenant: TenantName, connectionID: String, actor: AuditActor, requestID: String?, time: Date,
        connection: SQLiteConnection
    ) {
        self.tenant = tenant
        self.connectionID = connectionID
        self.actor = actor
        self.requestID = requestID
        self.time = time
        self.connection = connection
    }

    /// Ends every current membership of `userID` (`access-ended`); returns the team ids.
    @discardableResult
    public func endTeams(of userID: String) throws -> [String] {
        let teamIDs = try MembershipTable.endAccess(tenant: tenant, userID: userID, at: time, on: connection)
        for teamID in teamIDs {
            try record(
                "member.removed", subjectType: "team", subjectID: teamID, before: nil,
                after: Self.member(userID, reason: MembershipEndReason.accessEnded.rawValue))
        }
        return teamIDs
    }

    /// Restores the memberships access loss ended; returns the team ids.
    @discardableResult
    public func restoreTeams(of userID: String) throws -> [String] {
        let teamIDs = try MembershipTable.restoreAccess(tenant: tenant, userID: userID, at: time, on: connection)
        for teamID in teamIDs {
            try record(
                "member.added", subjectType: "team", subjectID: teamID, before: nil,
                after: Self.member(userID, reason: "access-restored"))
        }
        return teamIDs
    }

    /// Appends one audit event of ``actor``.
    public func record(
        _ action: String, subjectType: String, subjectID: String, before: JSONValue?, after: JSONValue?
    ) throws {
        try AuditRecorder.append(
            AuditEvent(
                time: time, tenant: tenant, connectionID: connectionID, actor: actor, requestID: requestID,
                action: action, subjectType: subjectType, subjectID: subjectID,
                before: before?.serializedString(),
                after: after?.serializedString()),
            on: connection)
    }

    /// The audited view of a membership change: `{"user": id, "reason": …}`.
    public static func member(_ userID: String, reason: String? = nil) -> JSONValue {
        var fields: [String: JSONValue] = ["user": .string(userID)]
        if let reason { fields["reason"] = .string(reason) }
        return .object(fields)
    }
}
