import Core

/// A change to a group's membership extracted from a PATCH (never applied to a member array:
/// memberships live in their own table and a team may have 100,000 members, issue 3). The store
/// applies them in order; adding a present member and removing an absent one are no-ops
/// (okta-protocol.md D4).
public enum MemberChange: Sendable, Equatable {
    /// Add these user/group ids.
    case add([String])
    /// Remove these ids.
    case remove([String])
    /// Remove every member (`remove` of `members` without a filter or value).
    case removeAll
    /// Make these ids the whole membership (`replace members`; `[]` empties the group).
    case replace([String])
}

/// What a PATCH did.
public struct PatchResult: Sendable, Equatable {
    /// The new, re-validated attributes (for groups, still without `members`).
    public var resource: JSONValue
    /// Membership changes, in request order (groups only).
    public var memberChanges: [MemberChange]
    /// The attributes the PATCH was applied to.
    public var original: [String: JSONValue]
    /// For a user, the validated result as the store takes it (`resource` is its attributes):
    /// the validation the engine already did, so the caller need not normalise it again.
    public var user: SCIMUserInput?

    /// Top-level attributes whose value changed (`active`, `name`, `urn:…:User:department`, or
    /// `members`); empty when the PATCH changed nothing.
    ///
    /// Computed when asked, not by every PATCH: comparing every value of the old and new resource
    /// was 3.6 % of the event loop's time per user `PATCH`, and the receiver decides what changed
    /// from the stored rows instead.
    public var changedAttributes: Set<String> {
        var changed = PatchEngine.changedKeys(from: original, to: resource.objectValue ?? [:])
        if !memberChanges.isEmpty { changed.insert("members") }
        return changed
    }

    /// Creates a result.
    public init(
        resource: JSONValue, memberChanges: [MemberChange], original: [String: JSONValue], user: SCIMUserInput? = nil
    ) {
        self.resource = resource
        self.memberChanges = memberChanges
        self.original = original
        self.user = user
    }
}
