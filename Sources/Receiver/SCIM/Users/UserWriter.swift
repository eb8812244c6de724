import Core
import Foundation
import SCIM
import Store

/// Applies SCIM user writes inside one write transaction: uniqueness, idempotent create,
/// deactivation / reactivation with their team consequences, soft delete, parked memberships, and
/// the audit trail (design.md "SCIM receiver rules", "Teams follow access").
///
/// Every function runs on the single writer inside `Database.write {}`, so a read-check-write
/// sequence cannot interleave with another request: concurrent duplicate creates end with
/// exactly one user, and no update is lost.
struct UserWriter {
    /// The authorised request's tenant, connection and request id.
    let context: SCIMRequestContext
    /// The request's time, stamped on every row and audit event written.
    let time: Date
    /// The open write transaction everything is written in.
    let connection: SQLiteConnection

    private var audit: SCIMAudit { SCIMAudit(context: context, time: time) }

    /// `POST /Users`: creates the user, or — when the connection already has a user with this
    /// `externalId` — updates and (if `active`) reactivates that one and returns it, so a retried
    /// create never makes a duplicate. Returns the record and whether it is a new user.
    ///
    /// The common case, a user nobody holds yet, costs one `INSERT`: the unique indexes on
    /// `externalId` (per connection, deleted users included) and on the canonical userName (live
    /// users of the tenant) are the very checks this method makes, so the rows are only looked
    /// up when the insert trips one of them. SQLite backs out just that failed statement
    /// (https://www.sqlite.org/lang_conflict.html, ABORT), and the lookups then decide exactly as
    /// before: replace the `externalId` holder, or 409.
    ///
    /// A new user never has memberships, and no parked operation can name its id: the id was
    /// generated here, just now. Parked operations wait for ids the IdP already holds, which come
    /// back through the reconciler restoring them (design.md "Reconciler rules") or through the
    /// re-provisioning of a deleted user in ``replace(_:with:isCreate:)``.
    ///
    /// - Parameters:
    ///   - user: the row to insert, from ``newUser(_:context:time:)`` (built before the
    ///     transaction, so the serial writer spends its time on SQL only).
    ///   - provisionedAudit: `user.auditSnapshot` serialised (`JSONValue.serializedString()`), likewise
    ///     prepared before the transaction.
    /// - Throws: 409 `uniqueness` when another user of the tenant holds the userName.
    func create(_ user: UserRecord, from input: SCIMUserInput, provisionedAudit: String) throws
        -> (user: UserRecord, isNew: Bool)
    {
        do {
            try UserTable.insert(user, on: connection)
        } catch let error as SQLiteError where error.isUniqueViolation {
            if let externalID = input.externalId,
                let existing = try UserTable.find(
                    tenant: context.tenant, connectionID: context.connectionID, externalID: externalID, on: connection)
            {
                return (try replace(existing, with: input, isCreate: true), false)
            }
            try requireUniqueUserName(input.canonicalUserName, except: nil)
            throw error
        }
        try audit.record(
            "user.provisioned", subjectType: "user", subjectID: user.id, beforeText: nil, afterText: provisionedAudit,
            on: connection)
        return (user, true)
    }

    /// The row `POST /Users` inserts for `input`: a fresh id, the stored attributes and the email
    /// index values. Pure, so it is built on the request's own thread, outside the transaction.
    static func newUser(_ input: SCIMUserInput, context: SCIMRequestContext, time: Date) -> UserRecord {
        UserRecord(
            id: ResourceID.make(), tenant: context.tenant, connectionID: context.connectionID,
            externalID: input.externalId, userName: input.userName, userNameCanonical: input.canonicalUserName,
            active: input.active, attributes: input.encodedAttributes,
            emailValues: UserRecord.emailIndex(input.emailValues), createdAt: time, updatedAt: time)
    }

    /// `PUT` (and the tail of `PATCH`): makes `existing` exactly `input`. A no-op replace writes
    /// nothing (Okta often sends the same PUT twice, okta-protocol.md A7).
    ///
    /// Only `active: true` grants access: a PUT or PATCH result without `active` leaves it
    /// unassigned, which means no access (fail safe; design.md reactivates on `active: true`
    /// only). A retried create (`isCreate`) keeps the create default of true.
    ///
    /// `existingProfile`, when given, is ``profile(_:)-(String)`` of `existing.attributes`,
    /// computed before the transaction (a PATCH prepares it with the patch), so the writer does
    /// not parse the stored attributes itself.
    func replace(
        _ existing: UserRecord, with input: SCIMUserInput, isCreate: Bool = false, existingProfile: JSONValue?? = nil
    ) throws -> UserRecord {
        // A live user keeping its own userName cannot collide: the unique index holds it already.
        if input.canonicalUserName != existing.userNameCanonical || existing.deletedAt != nil {
            try requireUniqueUserName(input.canonicalUserName, except: existing.id)
        }
        if let externalID = input.externalId, externalID != existing.externalID,
            let holder = try UserTable.find(
                tenant: context.tenant, connectionID: context.connectionID, externalID: externalID, on: connection),
            holder.id != existing.id
        {
            throw SCIMError.uniqueness("externalId is already used by another user of this connection")
        }
        var updated = existing
        updated.externalID = input.externalId
        updated.userName = input.userName
        updated.userNameCanonical = input.canonicalUserName
        updated.active = (isCreate || input.activeIsAssigned) && input.active
        updated.attributes = input.encodedAttributes
        updated.emailValues = UserRecord.emailIndex(input.emailValues)
        let wasDeleted = existing.deletedAt != nil
        updated.deletedAt = nil
        guard updated != existing else { return existing }
        updated.updatedAt = time
        updated.version = existing.version + 1
        try UserTable.update(updated, from: existing, on: connection)

        let wasActive = existing.active && !wasDeleted
        let before = existing.auditSnapshot
        let after = updated.auditSnapshot
        let profileChanged =
            existing.externalID != updated.externalID || existing.userName != updated.userName
            || (existing.attributes != updated.attributes
                && (existingProfile ?? Self.profile(existing.attributes)) != Self.profile(input.attributes))
            || existing.emailValues != updated.emailValues
        if wasDeleted {
            try audit.record("user.provisioned", subjectType: "user", subjectID: updated.id, before: before, after: after, on: connection)
        } else if profileChanged {
            try audit.record("user.updated", subjectType: "user", subjectID: updated.id, before: before, after: after, on: connection)
        }
        if wasActive && !updated.active {
            try audit.record("user.deactivated", subjectType: "user", subjectID: updated.id, before: before, after: after, on: connection)
            try endTeams(of: updated)
        } else if !wasActive && updated.active {
            if !wasDeleted {
                try audit.record("user.reactivated", subjectType: "user", subjectID: updated.id, before: before, after: after, on: connection)
            }
            try restoreTeams(of: updated)
        }
        if wasDeleted { try applyParkedOperations(for: updated) }
        return updated
    }

    /// `DELETE /Users/{id}`: deactivates and marks deleted; the row and its history stay
    /// (design.md: nothing is hard-deleted), later SCIM reads answer 404.
    func delete(_ existing: UserRecord) throws {
        var updated = existing
        updated.active = false
        updated.deletedAt = time
        updated.updatedAt = time
        updated.version = existing.version + 1
        try UserTable.update(updated, from: existing, on: connection)
        try audit.record(
            "user.deleted", subjectType: "user", subjectID: existing.id, before: existing.auditSnapshot,
            after: updated.auditSnapshot, on: connection)
        if existing.active { try endTeams(of: updated) }
    }

    private func requireUniqueUserName(_ canonical: String, except id: String?) throws {
        if let holder = try UserTable.find(tenant: context.tenant, userNameCanonical: canonical, on: connection),
            holder.id != id
        {
            throw SCIMError.uniqueness("userName is already taken")
        }
    }

    /// Teams follow access: a user who loses access leaves every team, history kept (shared with
    /// the reconciler through ``AccessChanges``).
    private func endTeams(of user: UserRecord) throws {
        try accessChanges.endTeams(of: user.id)
    }

    /// Regained access restores the memberships that access loss ended, at once.
    private func restoreTeams(of user: UserRecord) throws {
        try accessChanges.restoreTeams(of: user.id)
    }

    private var accessChanges: AccessChanges {
        AccessChanges(
            tenant: context.tenant, connectionID: context.connectionID, actor: .scim, requestID: context.requestID,
            time: time, connection: connection)
    }

    /// Applies membership changes that were parked because they named this user's id before it
    /// existed here.
    private func applyParkedOperations(for user: UserRecord) throws {
        let parked = try ParkedOperationTable.open(
            tenant: context.tenant, connectionID: context.connectionID, userRef: user.id, on: connection)
        for operation in parked {
            guard
                let team = try TeamTable.find(
                    tenant: context.tenant, connectionID: context.connectionID, id: operation.teamID, on: connection)
            else {
                try ParkedOperationTable.resolve(
                    id: operation.id, tenant: context.tenant, resolution: "team-gone", at: time, on: connection)
                continue
            }
            let members = MembershipWriter(context: context, time: time, connection: connection)
            if operation.operation == "add" {
                try members.add(userID: user.id, active: user.active, to: team)
            } else {
                try members.remove(user.id, from: team, reason: .removed)
            }
            try ParkedOperationTable.resolve(
                id: operation.id, tenant: context.tenant, resolution: "applied", at: time, on: connection)
        }
    }

    /// The stored attributes without `active`, which has its own audit events.
    static func profile(_ attributes: String) -> JSONValue? {
        (try? JSONValue.parse(attributes)).flatMap(profile)
    }

    /// `attributes` without `active`: the same as ``profile(_:)-(String)`` of their stored text
    /// (the stored text is exactly `attributes` serialised, and JSON text parses back to the
    /// value it was serialised from), without serialising and parsing them again.
    static func profile(_ attributes: JSONValue) -> JSONValue? {
        guard case .object(var object) = attributes else { return nil }
        object["active"] = nil
        return .object(object)
    }
}
