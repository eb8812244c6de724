/// Everything one complete pull read from Okta. Only a complete pull becomes a snapshot: any
/// failure throws before one exists (design.md "Reconciler rules" 1).
public struct OktaSnapshot: Sendable, Equatable {
    /// A group with an ACTIVE push mapping, with its name and members.
    public struct PushedGroup: Sendable, Equatable {
        /// The Okta group id (`sourceGroupId`).
        public var sourceGroupID: String
        /// The mapping's `targetGroupId` (assumed to be our SCIM group id, C1).
        public var targetGroupID: String?
        /// The group's name.
        public var name: String?
        /// Okta user ids of its members.
        public var memberIDs: [String]

        /// Creates a value.
        public init(sourceGroupID: String, targetGroupID: String?, name: String?, memberIDs: [String]) {
            self.sourceGroupID = sourceGroupID
            self.targetGroupID = targetGroupID
            self.name = name
            self.memberIDs = memberIDs
        }
    }

    /// Users assigned to the app.
    public var appUsers: [OktaAppUser]
    /// Pushed groups.
    public var pushedGroups: [PushedGroup]

    /// Creates a snapshot.
    public init(appUsers: [OktaAppUser], pushedGroups: [PushedGroup]) {
        self.appUsers = appUsers
        self.pushedGroups = pushedGroups
    }
}

extension OktaSnapshot {
    /// Pulls a complete snapshot with `client` (C1 recipe): app users, app groups (names), active
    /// push mappings, then each pushed group's members. Throws ``OktaPullError`` on anything
    /// incomplete.
    public static func pull(with client: OktaClient) async throws -> OktaSnapshot {
        let appUsers = try await client.appUsers()
        let appGroups = try await client.appGroups()
        let mappings = try await client.activePushMappings()
        var names: [String: String] = [:]
        for group in appGroups { names[group.id] = group.name }
        var pushed: [PushedGroup] = []
        var seen: Set<String> = []
        for mapping in mappings where seen.insert(mapping.sourceGroupID).inserted {
            if Task.isCancelled { throw OktaPullError.cancelled }
            var name = names[mapping.sourceGroupID]
            if name == nil { name = try await client.group(mapping.sourceGroupID).name }
            let members = try await client.groupMemberIDs(mapping.sourceGroupID)
            pushed.append(
                PushedGroup(
                    sourceGroupID: mapping.sourceGroupID, targetGroupID: mapping.targetGroupID, name: name,
                    memberIDs: members))
        }
        return OktaSnapshot(appUsers: appUsers, pushedGroups: pushed)
    }
}
