import Core

/// The `/Schemas` documents (RFC 7643 §7, §8.7.1): full attribute definitions of User, Group
/// and the Enterprise User extension, generated from the same ``SCIMSchema`` values that drive
/// validation, so what is advertised is what is enforced.
public enum SchemaDocuments {
    /// The schemas served: User, EnterpriseUser, Group.
    public static let schemas: [SCIMSchema] = [
        SCIMSchema(
            id: SCIMSchema.user.id, name: SCIMSchema.user.name, description: SCIMSchema.user.description,
            attributes: SCIMSchema.commonAttributes + SCIMSchema.user.attributes),
        .enterpriseUser,
        SCIMSchema(
            id: SCIMSchema.group.id, name: SCIMSchema.group.name, description: SCIMSchema.group.description,
            attributes: SCIMSchema.commonAttributes + SCIMSchema.group.attributes),
    ]

    /// One schema document, `meta.location` = `baseURL/Schemas/{urn}`.
    public static func json(for schema: SCIMSchema, baseURL: String) -> JSONValue {
        .object([
            "schemas": .array([.string(SCIMURN.schema)]),
            "id": .string(schema.id),
            "name": .string(schema.name),
            "description": .string(schema.description),
            "attributes": .array(schema.attributes.map(json(for:))),
            "meta": .object([
                "resourceType": .string("Schema"),
                "location": .string(DiscoveryURL.join(baseURL, "/Schemas/" + schema.id)),
            ]),
        ])
    }

    /// The schema whose URN is `id` (case-insensitive), for `/Schemas/{urn}`.
    public static func schema(id: String) -> SCIMSchema? { schemas.first { $0.id.caseInsensitiveEquals(id) } }

    /// The `/Schemas` ListResponse.
    public static func listResponse(baseURL: String) -> JSONValue {
        ListResponse(totalResults: schemas.count, startIndex: 1, resources: schemas.map { json(for: $0, baseURL: baseURL) })
            .json
    }

    /// One attribute definition (RFC 7643 §7).
    static func json(for attribute: SCIMAttribute) -> JSONValue {
        var members: [String: JSONValue] = [
            "name": .string(attribute.name),
            "type": .string(attribute.type.rawValue),
            "multiValued": .bool(attribute.multiValued),
            "description": .string(attribute.description),
            "required": .bool(attribute.required),
            "mutability": .string(attribute.mutability.rawValue),
            "returned": .string(attribute.returned.rawValue),
            "uniqueness": .string(attribute.uniqueness.rawValue),
        ]
        if attribute.type != .complex && attribute.type != .boolean { members["caseExact"] = .bool(attribute.caseExact) }
        if !attribute.subAttributes.isEmpty { members["subAttributes"] = .array(attribute.subAttributes.map(json(for:))) }
        if !attribute.canonicalValues.isEmpty { members["canonicalValues"] = .array(attribute.canonicalValues.map { .string($0) }) }
        if !attribute.referenceTypes.isEmpty { members["referenceTypes"] = .array(attribute.referenceTypes.map { .string($0) }) }
        return .object(members)
    }
}
