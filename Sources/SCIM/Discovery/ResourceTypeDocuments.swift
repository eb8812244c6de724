import Core

/// The `/ResourceTypes` documents (RFC 7643 §6): User (with the Enterprise extension, not
/// required) and Group.
public enum ResourceTypeDocuments {
    /// One resource type document, `meta.location` = `baseURL/ResourceTypes/{name}`.
    public static func json(for kind: SCIMResourceKind, baseURL: String) -> JSONValue {
        .object([
            "schemas": .array([.string(SCIMURN.resourceType)]),
            "id": .string(kind.rawValue),
            "name": .string(kind.rawValue),
            "endpoint": .string(kind.endpoint),
            "description": .string(kind == .user ? "User Account" : "Group"),
            "schema": .string(kind.coreSchema.id),
            "schemaExtensions": .array(kind.extensionSchemas.map { schema in
                .object(["schema": .string(schema.id), "required": .bool(false)])
            }),
            "meta": .object([
                "resourceType": .string("ResourceType"),
                "location": .string(DiscoveryURL.join(baseURL, "/ResourceTypes/" + kind.rawValue)),
            ]),
        ])
    }

    /// The `/ResourceTypes` ListResponse.
    public static func listResponse(baseURL: String) -> JSONValue {
        ListResponse(
            totalResults: SCIMResourceKind.allCases.count, startIndex: 1,
            resources: SCIMResourceKind.allCases.map { json(for: $0, baseURL: baseURL) }
        ).json
    }
}
