extension SCIMSchema {
    /// The core Group schema, RFC 7643 §4.2 with §8.7.1 characteristics. `displayName` is
    /// required (the §4.2 text says so; Okta and Entra always send it). `members.display` is
    /// not in the RFC but Okta and Entra send it (okta-protocol.md A7); it is read-only here.
    public static let group = SCIMSchema(
        id: SCIMURN.group, name: "Group", description: "Group",
        attributes: [
            SCIMAttribute("displayName", required: true, description: "A human-readable name for the group."),
            SCIMAttribute(
                "members", .complex, multiValued: true, description: "The members of the group.",
                subAttributes: [
                    SCIMAttribute("value", caseExact: true, mutability: .immutable, description: "The member's id."),
                    SCIMAttribute(
                        "$ref", .reference, caseExact: true, mutability: .immutable, description: "The member's URI.",
                        referenceTypes: ["User", "Group"]),
                    SCIMAttribute(
                        "type", mutability: .immutable, description: "User or Group.", canonicalValues: ["User", "Group"]),
                    SCIMAttribute("display", mutability: .readOnly, description: "The member's display name."),
                ]),
        ])
}
