import Core
import Foundation
import Store

extension Differ {
    /// Appends team and member actions for every pushed group to `actions` (in place: a first
    /// sync plans 200,000 member additions, and concatenating arrays would copy them all).
    func appendTeamActions(
        to actions: inout [PlanAction], snapshot: OktaSnapshot, local: LocalState, accessByOktaID: [String: String],
        index: UserIndex
    ) {
        var teamsByID: [String: TeamRecord] = [:]
        var teamsByExternalID: [String: TeamRecord] = [:]
        var teamsByName: [String: TeamRecord] = [:]
        for team in local.teams {
            teamsByID[team.id] = team
            if let externalID = team.externalID { teamsByExternalID[externalID] = team }
            teamsByName[team.displayNameCanonical] = team
        }
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
                teamID = group.targetGroupID ?? NewID.make()
                actions.append(
                    PlanAction(
                        kind: .createTeam, subjectID: teamID, reason: "pushed group '\(name)' missing locally",
                        attribution: .pushNeverArrived, teamName: name, externalID: group.sourceGroupID))
            }
            // A member must be in the Okta group and have access (Okta keeps deactivated users in
            // its groups, A5).
            var desired: Set<String> = []
            desired.reserveCapacity(group.memberIDs.count)
            for oktaID in group.memberIDs { if let userID = accessByOktaID[oktaID] { desired.insert(userID) } }
            let current = local.members[teamID] ?? []
            if desired == current { continue }
            for userID in desired.subtracting(current).sorted() {
                actions.append(
                    PlanAction(
                        kind: .addMember, subjectID: teamID, userID: userID, reason: "member of the Okta group",
                        attribution: .pushNeverArrived, expectedVersion: expectedVersion))
            }
            let stale = current.subtracting(desired)
            guard !stale.isEmpty else { continue }
            let groupMembers = Set(group.memberIDs)
            for userID in stale.sorted() {
                // Members whose access ends leave through their deactivation (teams follow
                // access) and come back on reactivation; only non-members are removed here.
                if let position = index.byID[userID], let oktaID = local.users[position].externalID,
                    groupMembers.contains(oktaID)
                {
                    continue
                }
                actions.append(
                    PlanAction(
                        kind: .removeMember, subjectID: teamID, userID: userID, reason: "not a member of the Okta group",
                        attribution: .pushNeverArrived, expectedVersion: expectedVersion))
            }
        }
    }
}
