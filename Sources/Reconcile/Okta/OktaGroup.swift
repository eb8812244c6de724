import Core

/// An Okta group's id and name: from `GET /api/v1/apps/{appId}/groups?expand=group`
/// (`_embedded.group.profile.name`) or `GET /api/v1/groups/{id}` (`profile.name`), C6.
public struct OktaGroup: Sendable, Equatable {
    /// Okta group id (`00g…`).
    public var id: String
    /// `profile.name`: the team's display name.
    public var name: String?

    /// Creates a value.
    public init(id: String, name: String?) {
        self.id = id
        self.name = name
    }

    /// Decodes an app-group element (expanded) or a group object; nil without an `id`.
    init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, !id.isEmpty else { return nil }
        let name = json["_embedded"]?["group"]?["profile"]?["name"]?.stringValue ?? json["profile"]?["name"]?.stringValue
        self.init(id: id, name: name)
    }
}
