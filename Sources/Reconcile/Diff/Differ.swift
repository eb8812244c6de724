import Core
import Foundation
import Store

/// Turns a complete Okta snapshot and the local state into a plan (design.md "Reconciler rules"
/// 2–3, okta-protocol.md C6 recipe). Pure: no I/O, so every drift kind is unit-testable.
///
/// Built for a 100,000-user org: local users are indexed by position (no record copies), access
/// is decided without building reason strings unless an action needs one, and attributes are
/// compared in the compact form ``UserSummary`` carries (``attributeDrift(_:_:)``).
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

    /// Positions of local users by id and by external id.
    struct UserIndex {
        /// Position in `LocalState.users` by user id.
        var byID: [String: Int] = [:]
        /// Position in `LocalState.users` by external id (Okta user id).
        var byExternalID: [String: Int] = [:]

        /// Indexes `users`; on a duplicate key the later user wins.
        init(_ users: [UserSummary]) {
            byID.reserveCapacity(users.count)
            byExternalID.reserveCapacity(users.count)
            for (position, user) in users.enumerated() {
                byID[user.id] = position
                if let externalID = user.externalID { byExternalID[externalID] = position }
            }
        }
    }

    /// The plan: users first (provision, deactivate, reactivate, update), then teams, then
    /// members, then parked operations — the order apply uses.
    public func plan(snapshot: OktaSnapshot, local: LocalState) -> [PlanAction] {
        var actions: [PlanAction] = []
        let users = local.users
        let index = UserIndex(users)
        // Okta user id -> local user id, for users who have (or will have) access.
        var accessByOktaID: [String: String] = [:]
        accessByOktaID.reserveCapacity(snapshot.appUsers.count)
        var matched = [Bool](repeating: false, count: users.count)
        var provisioned: Set<String> = []
        var userNamesTaken: Set<String> = []
        userNamesTaken.reserveCapacity(users.count)
        for user in users where user.deletedAt == nil { userNamesTaken.insert(user.userNameCanonical) }

        for appUser in snapshot.appUsers {
            let access = policy.grantsAccess(appUser)
            guard let position = appUser.externalID.flatMap({ index.byID[$0] }) ?? index.byExternalID[appUser.id] else {
                guard access else { continue }
                let id = appUser.externalID ?? NewID.make()
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
            matched[position] = true
            let user = users[position]
            if access { accessByOktaID[appUser.id] = user.id }
            if user.hasAccess && !access {
                let outOfScope = appUser.userStatus == "SUSPENDED"
                actions.append(
                    PlanAction(
                        kind: .deactivateUser, subjectID: user.id, userID: user.userName,
                        reason: policy.decide(appUser).reason,
                        attribution: outOfScope ? .outOfScope : attribute(appUser.changedAt, user.updatedAt),
                        expectedVersion: user.version))
            } else if !user.hasAccess && access {
                actions.append(
                    PlanAction(
                        kind: .reactivateUser, subjectID: user.id, userID: user.userName,
                        reason: policy.decide(appUser).reason, attribution: attribute(appUser.changedAt, user.updatedAt),
                        expectedVersion: user.version, fields: fields(appUser, active: true)))
            } else if access, let drift = attributeDrift(user, appUser) {
                actions.append(
                    PlanAction(
                        kind: .updateUser, subjectID: user.id, userID: user.userName, reason: drift,
                        attribution: attribute(appUser.changedAt, user.updatedAt), expectedVersion: user.version,
                        fields: fields(appUser, active: true)))
            }
        }
        for (position, user) in users.enumerated() where !matched[position] && user.hasAccess {
            actions.append(
                PlanAction(
                    kind: .deactivateUser, subjectID: user.id, userID: user.userName,
                    reason: "not assigned to the app in Okta", attribution: .outOfScope, expectedVersion: user.version))
        }
        appendTeamActions(
            to: &actions, snapshot: snapshot, local: local, accessByOktaID: accessByOktaID, index: index)
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

    /// Okta changed after our last write: the push never arrived; otherwise a local change.
    func attribute(_ oktaChangedAt: Date?, _ localChangedAt: Date) -> DriftAttribution {
        guard let oktaChangedAt else { return .pushNeverArrived }
        return oktaChangedAt > localChangedAt ? .pushNeverArrived : .localChange
    }
}
