import Core
import Foundation
import SCIM
import Store

/// Applies membership changes to one team inside the write transaction. Adds and removes are
/// idempotent (a replayed push changes nothing); a member id Roster does not know — including a
/// foreign tenant's id, which is indistinguishable from a random one — is parked, never dropped
/// and never an error (design.md "SCIM receiver rules").
struct MembershipWriter {
    /// The authorised request's tenant, connection and request id.
    let context: SCIMRequestContext
    /// The request's time, stamped on every membership row and audit event.
    let time: Date
    /// The open write transaction everything is written in.
    let connection: SQLiteConnection

    private var audit: SCIMAudit { SCIMAudit(context: context, time: time) }

    /// Applies `changes` in order; returns whether any membership (or parked operation) changed.
    @discardableResult
    func apply(_ changes: [MemberChange], to team: TeamRecord) throws -> Bool {
        var changed = false
        for change in changes {
            switch change {
            case .add(let ids):
                for id in ids where try add(reference: id, to: team) { changed = true }
            case .remove(let ids):
                for id in ids where try remove(id, from: team, reason: .removed) { changed = true }
            case .removeAll:
                if try replace(with: [], in: team) { changed = true }
            case .replace(let ids):
                if try replace(with: ids, in: team) { changed = true }
            }
        }
        return changed
    }

    /// Makes `ids` the team's whole membership (PUT's member list, PATCH `replace members`).
    func replace(with ids: [String], in team: TeamRecord) throws -> Bool {
        var changed = false
        let desired = Set(ids)
        for current in try MembershipTable.memberIDs(tenant: context.tenant, teamID: team.id, on: connection)
        where !desired.contains(current) {
            if try remove(current, from: team, reason: .removed) { changed = true }
        }
        // Parked operations for members no longer wanted are superseded by this full list.
        for parked in try ParkedOperationTable.open(tenant: context.tenant, teamID: team.id, on: connection)
        where !desired.contains(parked.userRef) || parked.operation != "add" {
            try ParkedOperationTable.resolve(
                id: parked.id, tenant: context.tenant, resolution: "superseded", at: time, on: connection)
            changed = true
        }
        for id in ids where try add(reference: id, to: team) { changed = true }
        return changed
    }

    /// Adds the user `reference` names; parks it when no such user exists in this connection.
    func add(reference: String, to team: TeamRecord) throws -> Bool {
        guard
            let active = try UserTable.access(
                tenant: context.tenant, connectionID: context.connectionID, id: reference, on: connection)
        else {
            if try ParkedOperationTable.hasOpen(
                tenant: context.tenant, teamID: team.id, userRef: reference, operation: "add", on: connection)
            {
                return false
            }
            try ParkedOperationTable.park(
                tenant: context.tenant, connectionID: context.connectionID, teamID: team.id, userRef: reference,
                operation: "add", requestID: context.requestID, at: time, on: connection)
            try audit.record(
                "member.parked", subjectType: "team", subjectID: team.id, before: nil,
                after: .object(["user": .string(reference), "op": .string("add")]), on: connection)
            return true
        }
        return try add(userID: reference, active: active, to: team)
    }

    /// Adds a known user. A user without access is recorded as a member-without-access, so the
    /// membership comes back when access does (teams follow access).
    @discardableResult
    func add(userID: String, active: Bool, to team: TeamRecord) throws -> Bool {
        try ParkedOperationTable.supersede(tenant: context.tenant, teamID: team.id, userRef: userID, at: time, on: connection)
        guard active else {
            try MembershipTable.recordWithoutAccess(
                tenant: context.tenant, teamID: team.id, userID: userID, at: time, on: connection)
            return false
        }
        guard try MembershipTable.add(tenant: context.tenant, teamID: team.id, userID: userID, at: time, on: connection)
        else { return false }
        try audit.record(
            "member.added", subjectType: "team", subjectID: team.id, before: nil, after: SCIMAudit.member(userID),
            on: connection)
        return true
    }

    /// Removes `userID`; removing an absent member succeeds and changes nothing
    /// (okta-protocol.md D4, Okta/Entra replays).
    @discardableResult
    func remove(_ userID: String, from team: TeamRecord, reason: MembershipEndReason) throws -> Bool {
        try ParkedOperationTable.supersede(tenant: context.tenant, teamID: team.id, userRef: userID, at: time, on: connection)
        guard
            try MembershipTable.remove(
                tenant: context.tenant, teamID: team.id, userID: userID, reason: reason, at: time, on: connection)
        else { return false }
        try audit.record(
            "member.removed", subjectType: "team", subjectID: team.id, before: SCIMAudit.member(userID), after: nil,
            on: connection)
        return true
    }
}
