import Core
import Foundation
import Store

/// Turns a complete Okta snapshot and the local state into a plan (design.md "Reconciler rules"
/// 2–3, okta-protocol.md C6 recipe). Pure: no I/O, so every drift kind is unit-testable.
public struct Differ: Sendable {
    /// The access policy.
    public var policy: AccessPolicy
    /// Open parked operations older than this are expired.
    public var parkedMaxAge: TimeInterval
    /// "Now", for parked operation ages.
    public var now: Date

    /// Creates a differ.
    public init(policy: AccessPolicy, parkedMaxAge: TimeInterval, now: Date) {
        self.policy = policy
        self.parkedMaxAge = parkedMaxAge
        self.now = now
    }

    /// The plan: users first (provision, deactivate, reactivate, update), then teams, then
    /// members, then parked operations — the order apply uses.
    public func plan(snapshot: OktaSnapshot, local: LocalState) -> [PlanAction] {
        var actions: [PlanAction] = []
        var byID: [String: UserRecord] = [:]
        var byExternalID: [String: UserRecord] = [:]
        for user in local.users {
            byID[user.id] = user
            if let externalID = user.externalID { byExternalID[externalID] = user }
        }
        // Okta user id -> local user id, for users who have (or will have) access.
        var accessByOktaID: [String: String] = [:]
        var matched: Set<String> = []
        var provisioned: Set<String> = []
        let userNamesTaken = Set(local.users.filter { $0.deletedAt == nil }.map(\.userNameCanonical))

        for appUser in snapshot.appUsers {
            let decision = policy.decide(appUser)
            let match = appUser.externalID.flatMap { byID[$0] } ?? byExternalID[appUser.id]
            guard let user = match else {
                guard decision.access else { continue }
                let id = appUser.externalID ?? UUID().uuidString.lowercased()
                let canonical = (try? UserNameCanonicalizer.canonicalize(appUser.userName)) ?? appUser.userName.lowercased()
                guard !userNamesTaken.contains(canonical), provisioned.insert(id).inserted else { continue }
                accessByOktaID[appUser.id] = id
                let lost = appUser.externalID.map { local.auditedUserIDs.contains($0) } ?? false
                actions.append(
                    PlanAction(
                        kind: .provisionUser, subjectID: id, userID: appUser.userName,
                        reason: "assigned in Okta but missing locally", attribution: lost ? .localChange : .pushNeverArrived,
                        fields: fields(appUser, active: true)))
                continue
            }
            matched.insert(user.id)
            let hasAccess = user.active && user.deletedAt == nil
            let attribution = attribute(oktaChangedAt: appUser.changedAt, localChangedAt: user.updatedAt)
            if decision.access { accessByOktaID[appUser.id] = user.id }
            if hasAccess && !decision.access {
                let outOfScope = appUser.userStatus == "SUSPENDED"
                actions.append(
                    PlanAction(
                        kind: .deactivateUser, subjectID: user.id, userID: user.userName, reason: decision.reason,
                        attribution: outOfScope ? .outOfScope : attribution, expectedVersion: user.version))
            } else if !hasAccess && decision.access {
                actions.append(
                    PlanAction(
                        kind: .reactivateUser, subjectID: user.id, userID: user.userName, reason: decision.reason,
                        attribution: attribution, expectedVersion: user.version, fields: fields(appUser, active: true)))
            }
            else if decision.access, let drift = attributeDrift(user, appUser) {
                actions.append(
                    PlanAction(
                        kind: .updateUser, subjectID: user.id, userID: user.userName, reason: drift,
                        attribution: attribution, expectedVersion: user.version, fields: fields(appUser, active: true)))
            }
        }
        for user in local.users where !matched.contains(user.id) && user.active && user.deletedAt == nil {
            actions.append(
                PlanAction(
                    kind: .deactivateUser, subjectID: user.id, userID: user.userName,
                    reason: "not assigned to the app in Okta", attribution: .outOfScope, expectedVersion: user.version))
        }
        actions += teamActions(snapshot: snapshot, local: local, accessByOktaID: accessByOktaID, users: byID)
        for operation in local.parked
        where now.timeIntervalSince(operation.createdAt) > parkedMaxAge && !provisioned.contains(operation.userRef) {
            actions.append(
                PlanAction(
                    kind: .expireParked, subjectID: String(operation.id), userID: operation.userRef,
                    reason: "parked \(operation.operation) of an unknown user for team \(operation.teamID) is older than the limit",
                    attribution: .pushNeverArrived))
        }
        return actions
    }

    /// Team and member actions for every pushed group.
    func teamActions(
        snapshot: OktaSnapshot, local: LocalState, accessByOktaID: [String: String], users: [String: UserRecord]
    ) -> [PlanAction] {
        var actions: [PlanAction] = []
        var teamsByID: [String: TeamRecord] = [:]
        var teamsByExternalID: [String: TeamRecord] = [:]
        var teamsByName: [String: TeamRecord] = [:]
        for team in local.teams {
            teamsByID[team.id] = team
            if let externalID = team.externalID { teamsByExternalID[externalID] = team }
            teamsByName[team.displayNameCanonical] = team
        }
        var oktaIDByUserID: [String: String] = [:]
        for user in local.users { if let externalID = user.externalID { oktaIDByUserID[user.id] = externalID } }
        for group in snapshot.pushedGroups {
            let name = group.name ?? group.sourceGroupID
            let canonical = (try? UserNameCanonicalizer.canonicalize(name)) ?? name.lowercased()
            let team = group.targetGroupID.flatMap { teamsByID[$0] } ?? teamsByExternalID[group.sourceGroupID]
                ?? teamsByName[canonical]
            let teamID: String
            var expectedVersion = team?.version
            if let team {
                teamID = team.id
                if let groupName = group.name, team.displayName != groupName {
                    actions.append(
                        PlanAction(
                            kind: .renameTeam, subjectID: team.id, reason: "renamed in Okta to '\(groupName)'",
                            attribution: .pushNeverArrived, expectedVersion: team.version, teamName: groupName))
                    expectedVersion = team.version + 1
                }
            } else {
                teamID = group.targetGroupID ?? UUID().uuidString.lowercased()
                actions.append(
                    PlanAction(
                        kind: .createTeam, subjectID: teamID, reason: "pushed group '\(name)' missing locally",
                        attribution: .pushNeverArrived, teamName: name, externalID: group.sourceGroupID))
            }
            // A member must be in the Okta group and have access (Okta keeps deactivated users in
            // its groups, A5).
            let desired = Set(group.memberIDs.compactMap { accessByOktaID[$0] })
            let current = local.members[teamID] ?? []
            let groupMembers = Set(group.memberIDs)
            for userID in desired.subtracting(current).sorted() {
                actions.append(
                    PlanAction(
                        kind: .addMember, subjectID: teamID, userID: userID, reason: "member of the Okta group",
                        attribution: .pushNeverArrived, expectedVersion: expectedVersion))
            }
            for userID in current.subtracting(desired).sorted() {
                // Members whose access ends leave through their deactivation (teams follow
                // access) and come back on reactivation; only non-members are removed here.
                if let oktaID = oktaIDByUserID[userID], groupMembers.contains(oktaID) { continue }
                actions.append(
                    PlanAction(
                        kind: .removeMember, subjectID: teamID, userID: userID, reason: "not a member of the Okta group",
                        attribution: .pushNeverArrived, expectedVersion: expectedVersion))
            }
        }
        return actions
    }

    /// Okta changed after our last write: the push never arrived; otherwise a local change.
    func attribute(oktaChangedAt: Date?, localChangedAt: Date) -> DriftAttribution {
        guard let oktaChangedAt else { return .pushNeverArrived }
        return oktaChangedAt > localChangedAt ? .pushNeverArrived : .localChange
    }

    /// A description of attribute drift, or nil when userName, names and email agree.
    func attributeDrift(_ user: UserRecord, _ appUser: OktaAppUser) -> String? {
        var drift: [String] = []
        if user.userName != appUser.userName { drift.append("userName") }
        let attributes = (try? JSONValue.parse(user.attributes)) ?? .object([:])
        if let given = appUser.givenName, attributes["name"]?["givenName"]?.stringValue != given {
            drift.append("name.givenName")
        }
        if let family = appUser.familyName, attributes["name"]?["familyName"]?.stringValue != family {
            drift.append("name.familyName")
        }
        if let email = appUser.email {
            let emails = attributes["emails"]?.arrayValue?.compactMap { $0["value"]?.stringValue } ?? []
            if !emails.contains(where: { $0.lowercased() == email.lowercased() }) { drift.append("emails") }
        }
        return drift.isEmpty ? nil : "differs from Okta: " + drift.joined(separator: ", ")
    }

    /// The user fields a plan action writes, taken from the Okta app user, with `active` as decided by the policy.
    func fields(_ appUser: OktaAppUser, active: Bool) -> PlanAction.UserFields {
        PlanAction.UserFields(
            oktaUserID: appUser.id, userName: appUser.userName, givenName: appUser.givenName,
            familyName: appUser.familyName, email: appUser.email, active: active)
    }
}
