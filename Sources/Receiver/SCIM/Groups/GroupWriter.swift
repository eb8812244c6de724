import Core
import Foundation
import SCIM
import Store

/// Applies SCIM group writes inside one write transaction (see ``UserWriter``). Membership
/// changes of one team are serialised by the single writer, so concurrent PATCHes never lose a
/// member.
struct GroupWriter {
    /// The authorised request's tenant, connection and request id.
    let context: SCIMRequestContext
    /// The request's time, stamped on every row and audit event written.
    let time: Date
    /// The open write transaction everything is written in.
    let connection: SQLiteConnection

    private var audit: SCIMAudit { SCIMAudit(context: context, time: time) }
    private var members: MembershipWriter { MembershipWriter(context: context, time: time, connection: connection) }

    /// `POST /Groups`: creates the team with its members (wizard apps send them here, catalog
    /// apps send none and PATCH later — okta-protocol.md A7). A group with the same `externalId`
    /// in this connection is updated instead of duplicated.
    func create(_ input: SCIMGroupInput) throws -> TeamRecord {
        if let externalID = input.externalId,
            let existing = try TeamTable.find(
                tenant: context.tenant, connectionID: context.connectionID, externalID: externalID, on: connection)
        {
            return try replace(existing, with: input)
        }
        let team = TeamRecord(
            id: ResourceID.make(), tenant: context.tenant, connectionID: context.connectionID,
            externalID: input.externalId, displayName: input.displayName,
            displayNameCanonical: Self.canonical(input.displayName), attributes: input.attributes.serializedString(),
            createdAt: time, updatedAt: time)
        try TeamTable.insert(team, on: connection)
        try audit.record(
            "team.created", subjectType: "team", subjectID: team.id, before: nil, after: team.auditSnapshot,
            on: connection)
        _ = try members.replace(with: input.memberIDs, in: team)
        return team
    }

    /// `PUT /Groups/{id}`: replaces name, attributes and the whole member list (AIW apps send
    /// every membership change this way, okta-protocol.md A7). An archived team is restored.
    func replace(_ existing: TeamRecord, with input: SCIMGroupInput) throws -> TeamRecord {
        var updated = existing
        updated.externalID = input.externalId
        updated.displayName = input.displayName
        updated.displayNameCanonical = Self.canonical(input.displayName)
        updated.attributes = input.attributes.serializedString()
        updated.archivedAt = nil
        let membersChanged = try members.replace(with: input.memberIDs, in: updated)
        return try save(existing, updated, membersChanged: membersChanged)
    }

    /// `PATCH /Groups/{id}`: the patched attributes plus the extracted membership changes.
    func patch(_ existing: TeamRecord, with result: PatchResult) throws -> TeamRecord {
        let input = try SCIMGroupInput(json: result.resource)
        var updated = existing
        updated.externalID = input.externalId
        updated.displayName = input.displayName
        updated.displayNameCanonical = Self.canonical(input.displayName)
        updated.attributes = input.attributes.serializedString()
        let membersChanged = try members.apply(result.memberChanges, to: updated)
        return try save(existing, updated, membersChanged: membersChanged)
    }

    /// `DELETE /Groups/{id}`: archives the team and ends its memberships (history kept).
    func archive(_ existing: TeamRecord) throws {
        var updated = existing
        updated.archivedAt = time
        updated.updatedAt = time
        updated.version = existing.version + 1
        try TeamTable.update(updated, on: connection)
        let former = try MembershipTable.removeAll(
            tenant: context.tenant, teamID: existing.id, reason: .teamArchived, at: time, on: connection)
        try connection.execute(
            """
            UPDATE parked_operations SET resolved_at = ?, resolution = 'team-archived'
            WHERE tenant = ? AND team_id = ? AND resolved_at IS NULL
            """,
            time, context.tenant.rawValue, existing.id)
        for userID in former {
            try audit.record(
                "member.removed", subjectType: "team", subjectID: existing.id, before: SCIMAudit.member(userID),
                after: SCIMAudit.member(userID, reason: MembershipEndReason.teamArchived.rawValue), on: connection)
        }
        try audit.record(
            "team.archived", subjectType: "team", subjectID: existing.id, before: existing.auditSnapshot,
            after: updated.auditSnapshot, on: connection)
    }

    private func save(_ existing: TeamRecord, _ proposed: TeamRecord, membersChanged: Bool) throws -> TeamRecord {
        guard proposed != existing || membersChanged else { return existing }
        var updated = proposed
        updated.updatedAt = time
        updated.version = existing.version + 1
        try TeamTable.update(updated, on: connection)
        if existing.archivedAt != nil {
            try audit.record(
                "team.created", subjectType: "team", subjectID: updated.id, before: existing.auditSnapshot,
                after: updated.auditSnapshot, on: connection)
        } else if existing.displayName != updated.displayName {
            try audit.record(
                "team.renamed", subjectType: "team", subjectID: updated.id, before: existing.auditSnapshot,
                after: updated.auditSnapshot, on: connection)
        } else if existing.externalID != updated.externalID || existing.attributes != updated.attributes {
            try audit.record(
                "team.updated", subjectType: "team", subjectID: updated.id, before: existing.auditSnapshot,
                after: updated.auditSnapshot, on: connection)
        }
        return updated
    }

    /// Canonical display name for case-insensitive `displayName eq` (RFC 7643 §4.2: caseExact
    /// false), with the same rule as userNames when it applies, else a plain lower-casing.
    static func canonical(_ displayName: String) -> String {
        (try? UserNameCanonicalizer.canonicalize(displayName)) ?? displayName.lowercased()
    }
}
