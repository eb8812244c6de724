extension SCIMSchema {
    /// The common attributes every resource has (RFC 7643 §3.1): `id`, `externalId`, `meta`.
    /// They belong to no schema; we list them in the core schemas' `/Schemas` documents too,
    /// which validators accept and which makes `id`'s characteristics discoverable.
    public static let commonAttributes: [SCIMAttribute] = [
        SCIMAttribute(
            "id", caseExact: true, mutability: .readOnly, returned: .always, uniqueness: .server,
            description: "Unique identifier assigned by the service provider; stable, never reassigned."),
        SCIMAttribute(
            "externalId", caseExact: true,
            description: "Identifier assigned by the provisioning client (Okta: the Okta user id)."),
        SCIMAttribute(
            "meta", .complex, mutability: .readOnly, description: "Resource metadata.",
            subAttributes: [
                SCIMAttribute("resourceType", caseExact: true, mutability: .readOnly, description: "User or Group."),
                SCIMAttribute("created", .dateTime, mutability: .readOnly, description: "Creation time."),
                SCIMAttribute("lastModified", .dateTime, mutability: .readOnly, description: "Last change."),
                SCIMAttribute(
                    "location", .reference, caseExact: true, mutability: .readOnly,
                    description: "The resource URI.", referenceTypes: ["uri"]),
                SCIMAttribute(
                    "version", caseExact: true, mutability: .readOnly, description: "Weak ETag of the resource."),
            ]),
    ]

    /// A multi-valued complex attribute with the usual `value`/`display`/`type`/`primary`.
    static func plural(
        _ name: String, _ description: String, types: [String], valueType: SCIMAttribute.DataType = .string,
        referenceTypes: [String] = []
    ) -> SCIMAttribute {
        SCIMAttribute(
            name, .complex, multiValued: true, description: description,
            subAttributes: [
                SCIMAttribute("value", valueType, description: "The value.", referenceTypes: referenceTypes),
                SCIMAttribute("display", description: "A human-readable name."),
                SCIMAttribute("type", description: "A label for the value's function.", canonicalValues: types),
                SCIMAttribute("primary", .boolean, description: "The preferred value; at most one is true."),
            ])
    }
}
