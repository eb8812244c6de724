import Core

/// One element of `GET /api/v1/apps/{appId}/group-push/mappings` (okta-protocol.md C1).
public struct OktaPushMapping: Sendable, Equatable {
    /// Mapping id.
    public var id: String
    /// The Okta group whose members are pushed (`00g…`).
    public var sourceGroupID: String
    /// The pushed group's id in the target. Assumed to be our SCIM group id (C1 marks this
    /// UNCONFIRMED); matching falls back to the group's name, so a wrong assumption costs a
    /// rename at worst, never a lost team.
    public var targetGroupID: String?
    /// `ACTIVE`, `INACTIVE` or `ERROR`.
    public var status: String

    /// Creates a value.
    public init(id: String, sourceGroupID: String, targetGroupID: String?, status: String) {
        self.id = id
        self.sourceGroupID = sourceGroupID
        self.targetGroupID = targetGroupID
        self.status = status
    }

    /// Decodes one element; nil when `id`, `sourceGroupId` or `status` is missing.
    init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, let source = json["sourceGroupId"]?.stringValue, !source.isEmpty,
            let status = json["status"]?.stringValue
        else { return nil }
        let target = json["targetGroupId"]?.stringValue
        self.init(id: id, sourceGroupID: source, targetGroupID: target?.isEmpty == false ? target : nil, status: status)
    }
}
