import Core
import Foundation
import Store

/// Applies one action inside the applier's write transaction. Each function re-reads its
/// subject, skips when the subject's version moved past the one captured at snapshot time
/// (a push landed after the snapshot: it wins, never reverted), and does nothing when the
/// target state already holds (idempotence).
///
/// One step serves one batch, inside one write transaction: nothing but the step itself writes
/// while it runs (the writer runs one job body at a time), which is what makes its two
/// shortcuts exact — teams are read once per batch and kept current through the step's own
/// creates and renames, and parked-operation work is skipped when the tenant had none open.
struct ActionStep {
    /// The tenant the run belongs to.
    let tenant: TenantName
    /// The connection being reconciled.
    let connectionID: String
    /// The batch's time, stamped on every row and audit event written.
    let time: Date
    /// Applies the team consequences of access changes (design.md "Teams follow access").
    let changes: AccessChanges
    /// The batch's open write transaction.
    let connection: SQLiteConnection
    /// Whether the tenant had an open parked operation when the batch began; only SCIM pushes
    /// park operations, so none appears while the batch holds the transaction.
    let hasOpenParked: Bool
    /// Live teams of the connection read (or written) in this batch, by id.
    private var teams: [String: TeamRecord] = [:]

    /// A step for one batch, in `connection`'s open write transaction.
    init(tenant: TenantName, connectionID: String, time: Date, changes: AccessChanges, connection: SQLiteConnection) throws {
        self.tenant = tenant
        self.connectionID = connectionID
        self.time = time
        self.changes = changes
        self.connection = connection
        self.hasOpenParked = try ParkedOperationTable.hasAnyOpen(tenant: tenant, on: connection)
    }

    /// Applies one planned action in the current transaction, after re-checking it against the live rows.
    /// - Returns: what happened to it (applied, skipped because it already holds or was overtaken by a push).
    mutating func apply(_ action: PlanAction) throws -> ActionOutcome {
        switch action.kind {
        case .provisionUser: return try provision(action)
        case .deactivateUser, .reactivateUser, .updateUser: return try changeUser(action)
        case .createTeam: return try createTeam(action)
        case .renameTeam: return try renameTeam(action)
        case .addMember, .removeMember: return try changeMember(action)
        case .expireParked:
            guard let id = Int64(action.subjectID) else { return .skipped }
            try ParkedOperationTable.resolve(id: id, tenant: tenant, resolution: "expired", at: time, on: connection)
            guard connection.changes > 0 else { return .skipped }
            try audit(action, "parked.expired", subjectType: "parked-operation", before: nil, after: nil)
            return .applied
        }
    }

    private func provision(_ action: PlanAction) throws -> ActionOutcome {
        guard let fields = action.fields else { return .skipped }
        // A push that created the user after the snapshot wins; the id must not belong to
        // another tenant or connection either (ids are global keys), nor the userName to a live
        // user of the tenant.
        let canonical = Self.canonical(fields.userName)
        if try UserTable.wouldCollide(
            tenant: tenant, connectionID: connectionID, id: action.subjectID, externalID: fields.oktaUserID,
            userNameCanonical: canonical, on: connection)
        {
            return .skipped
        }
        let user = UserRecord(
            id: action.subjectID, tenant: tenant, connectionID: connectionID, externalID: fields.oktaUserID,
            userName: fields.userName, userNameCanonical: canonical, active: fields.active,
            attributes: Self.attributes(fields, existing: nil), emailValues: Self.emails(fields), createdAt: time,
            updatedAt: time)
        try UserTable.insert(user, on: connection)
        try audit(action, "user.provisioned", subjectType: "user", before: nil, after: user.auditSnapshot)
        try applyParked(for: user)
        return .applied
    }

    private func changeUser(_ action: PlanAction) throws -> ActionOutcome {
        guard
            let existing = try UserTable.find(
                tenant: tenant, connectionID: connectionID, id: action.subjectID, includeDeleted: true, on: connection)
        else { return .skipped }
        guard action.expectedVersion == nil || existing.version == action.expectedVersion else { return .skipped }
        var updated = existing
        let hadAccess = existing.active && existing.deletedAt == nil
        switch action.kind {
        case .deactivateUser:
            guard hadAccess else { return .applied }
            updated.active = false
        case .reactivateUser:
            guard !hadAccess else { return .applied }
            updated.active = true
            updated.deletedAt = nil
            if let fields = action.fields, try UserTable.find(
                tenant: tenant, userNameCanonical: Self.canonical(fields.userName), on: connection
            ).map({ $0.id == existing.id }) ?? true {
                updated.userName = fields.userName
                updated.userNameCanonical = Self.canonical(fields.userName)
                updated.attributes = Self.attributes(fields, existing: existing.attributes)
                updated.emailValues = Self.emails(fields)
            }
        default:
            guard let fields = action.fields else { return .skipped }
            updated.userName = fields.userName
            updated.userNameCanonical = Self.canonical(fields.userName)
            updated.attributes = Self.attributes(fields, existing: existing.attributes)
            updated.emailValues = Self.emails(fields)
            if let holder = try UserTable.find(tenant: tenant, userNameCanonical: updated.userNameCanonical, on: connection),
                holder.id != existing.id
            {
                return .skipped
            }
        }
        updated.attributes = Self.setActive(updated.attributes, updated.active)
        guard updated != existing else { return .applied }
        updated.updatedAt = time
        updated.version = existing.version + 1
        try UserTable.update(updated, from: existing, on: connection)
        let before = existing.auditSnapshot
        let after = updated.auditSnapshot
        switch action.kind {
        case .deactivateUser:
            try audit(action, "user.deactivated", subjectType: "user", before: before, after: after)
            try changes.endTeams(of: updated.id)
        case .reactivateUser:
            try audit(action, "user.reactivated", subjectType: "user", before: before, after: after)
            try changes.restoreTeams(of: updated.id)
            if existing.deletedAt != nil { try applyParked(for: updated) }
        default:
            try audit(action, "user.updated", subjectType: "user", before: before, after: after)
        }
        return .applied
    }

    private mutating func createTeam(_ action: PlanAction) throws -> ActionOutcome {
        if let externalID = action.externalID,
            try TeamTable.find(tenant: tenant, connectionID: connectionID, externalID: externalID, on: connection) != nil
        {
            return .skipped
        }
        if try connection.queryFirst("SELECT 1 FROM teams WHERE id = ?", action.subjectID) != nil { return .skipped }
        let name = action.teamName ?? action.subjectID
        let team = TeamRecord(
            id: action.subjectID, tenant: tenant, connectionID: connectionID, externalID: action.externalID,
            displayName: name, displayNameCanonical: Self.canonical(name), createdAt: time, updatedAt: time)
        try TeamTable.insert(team, on: connection)
        teams[team.id] = team
        try audit(action, "team.created", subjectType: "team", before: nil, after: team.auditSnapshot)
        return .applied
    }

    private mutating func renameTeam(_ action: PlanAction) throws -> ActionOutcome {
        guard let existing = try team(action.subjectID), let name = action.teamName
        else { return .skipped }
        guard action.expectedVersion == nil || existing.version == action.expectedVersion else { return .skipped }
        guard existing.displayName != name else { return .applied }
        var updated = existing
        updated.displayName = name
        updated.displayNameCanonical = Self.canonical(name)
        updated.updatedAt = time
        updated.version = existing.version + 1
        try TeamTable.update(updated, on: connection)
        teams[updated.id] = updated
        try audit(action, "team.renamed", subjectType: "team", before: existing.auditSnapshot, after: updated.auditSnapshot)
        return .applied
    }

    /// Member changes compare the team's version; the reconciler's own membership changes do
    /// not bump it (like the receiver's parked-operation path), so only pushes move it.
    private mutating func changeMember(_ action: PlanAction) throws -> ActionOutcome {
        guard let userID = action.userID, let team = try team(action.subjectID) else { return .skipped }
        if let expected = action.expectedVersion, team.version != expected { return .skipped }
        if hasOpenParked {
            try ParkedOperationTable.supersede(tenant: tenant, teamID: team.id, userRef: userID, at: time, on: connection)
        }
        if action.kind == .addMember {
            guard let access = try UserTable.access(tenant: tenant, connectionID: connectionID, id: userID, on: connection)
            else { return .skipped }
            guard access else {
                try MembershipTable.recordWithoutAccess(tenant: tenant, teamID: team.id, userID: userID, at: time, on: connection)
                return .skipped
            }
            guard try MembershipTable.add(tenant: tenant, teamID: team.id, userID: userID, at: time, on: connection) else {
                return .applied
            }
            try audit(action, "member.added", subjectType: "team", before: nil, after: AccessChanges.member(userID, reason: "reconciler"))
        } else {
            guard try MembershipTable.remove(tenant: tenant, teamID: team.id, userID: userID, reason: .stale, at: time, on: connection)
            else { return .applied }
            try audit(
                action, "member.removed", subjectType: "team", before: AccessChanges.member(userID),
                after: AccessChanges.member(userID, reason: MembershipEndReason.stale.rawValue))
        }
        return .applied
    }

    /// Membership operations parked because they named this user's id before it existed here
    /// now apply (design.md: parked memberships resolve once the user appears).
    private func applyParked(for user: UserRecord) throws {
        guard hasOpenParked else { return }
        for operation in try ParkedOperationTable.open(tenant: tenant, connectionID: connectionID, userRef: user.id, on: connection) {
            guard try TeamTable.find(tenant: tenant, connectionID: connectionID, id: operation.teamID, on: connection) != nil else {
                try ParkedOperationTable.resolve(id: operation.id, tenant: tenant, resolution: "team-gone", at: time, on: connection)
                continue
            }
            if operation.operation == "add" {
                if user.active {
                    if try MembershipTable.add(tenant: tenant, teamID: operation.teamID, userID: user.id, at: time, on: connection) {
                        try changes.record(
                            "member.added", subjectType: "team", subjectID: operation.teamID, before: nil,
                            after: AccessChanges.member(user.id, reason: "parked-resolved"))
                    }
                } else {
                    try MembershipTable.recordWithoutAccess(
                        tenant: tenant, teamID: operation.teamID, userID: user.id, at: time, on: connection)
                }
            } else if try MembershipTable.remove(
                tenant: tenant, teamID: operation.teamID, userID: user.id, reason: .removed, at: time, on: connection)
            {
                try changes.record(
                    "member.removed", subjectType: "team", subjectID: operation.teamID,
                    before: AccessChanges.member(user.id), after: nil)
            }
            try ParkedOperationTable.resolve(id: operation.id, tenant: tenant, resolution: "applied", at: time, on: connection)
        }
    }

    /// The live team `id` of the connection, read once per batch.
    private mutating func team(_ id: String) throws -> TeamRecord? {
        if let cached = teams[id] { return cached }
        let team = try TeamTable.find(tenant: tenant, connectionID: connectionID, id: id, on: connection)
        if let team { teams[id] = team }
        return team
    }

    /// One audit event of the run: `after` carries the action's reason (`why`) and drift
    /// attribution (`drift`).
    private func audit(
        _ action: PlanAction, _ name: String, subjectType: String, before: JSONValue?, after: JSONValue?
    ) throws {
        var fields = after?.objectValue ?? [:]
        fields["why"] = .string(action.reason)
        fields["drift"] = .string(action.attribution.rawValue)
        try changes.record(name, subjectType: subjectType, subjectID: action.subjectID, before: before, after: .object(fields))
    }
}
