extension SCIMSchema {
    /// The core User schema, RFC 7643 §4.1 with the characteristics of §8.7.1.
    public static let user = SCIMSchema(
        id: SCIMURN.user, name: "User", description: "User Account",
        attributes: [
            SCIMAttribute(
                "userName", required: true, uniqueness: .server,
                description: "Unique identifier for the user, compared case-insensitively (canonical form)."),
            SCIMAttribute(
                "name", .complex, description: "The components of the user's name.",
                subAttributes: [
                    SCIMAttribute("formatted", description: "The full name, formatted for display."),
                    SCIMAttribute("familyName", description: "The family name."),
                    SCIMAttribute("givenName", description: "The given name."),
                    SCIMAttribute("middleName", description: "The middle name(s)."),
                    SCIMAttribute("honorificPrefix", description: "E.g. Ms."),
                    SCIMAttribute("honorificSuffix", description: "E.g. III."),
                ]),
            SCIMAttribute("displayName", description: "The name shown to end users."),
            SCIMAttribute("nickName", description: "The casual name."),
            SCIMAttribute(
                "profileUrl", .reference, description: "The user's online profile.", referenceTypes: ["external"]),
            SCIMAttribute("title", description: "The user's title."),
            SCIMAttribute("userType", description: "E.g. Employee, Contractor."),
            SCIMAttribute("preferredLanguage", description: "Preferred language (RFC 7231 §5.3.5)."),
            SCIMAttribute("locale", description: "Default location, e.g. en-US."),
            SCIMAttribute("timezone", description: "Time zone, e.g. America/Los_Angeles."),
            SCIMAttribute("active", .boolean, description: "Whether the user has access (design.md)."),
            SCIMAttribute(
                "password", caseExact: true, mutability: .writeOnly, returned: .never,
                description: "Accepted and discarded: never stored, echoed or logged."),
            plural("emails", "Email addresses.", types: ["work", "home", "other"]),
            plural("phoneNumbers", "Phone numbers.", types: ["work", "home", "mobile", "fax", "pager", "other"]),
            plural("ims", "Instant messaging addresses.", types: ["aim", "gtalk", "icq", "xmpp", "msn", "skype"]),
            plural(
                "photos", "URLs of photos.", types: ["photo", "thumbnail"], valueType: .reference,
                referenceTypes: ["external"]),
            SCIMAttribute(
                "addresses", .complex, multiValued: true, description: "Physical mailing addresses.",
                subAttributes: [
                    SCIMAttribute("formatted", description: "The full address."),
                    SCIMAttribute("streetAddress", description: "Street address."),
                    SCIMAttribute("locality", description: "City."),
                    SCIMAttribute("region", description: "State or region."),
                    SCIMAttribute("postalCode", description: "Postal code."),
                    SCIMAttribute("country", description: "ISO 3166-1 alpha-2 country code."),
                    SCIMAttribute("type", description: "work, home or other.", canonicalValues: ["work", "home", "other"]),
                    SCIMAttribute("primary", .boolean, description: "The preferred address."),
                ]),
            SCIMAttribute(
                "groups", .complex, multiValued: true, mutability: .readOnly,
                description: "Groups the user belongs to, derived from Group membership (read-only).",
                subAttributes: [
                    SCIMAttribute("value", caseExact: true, mutability: .readOnly, description: "The group's id."),
                    SCIMAttribute(
                        "$ref", .reference, caseExact: true, mutability: .readOnly, description: "The group's URI.",
                        referenceTypes: ["User", "Group"]),
                    SCIMAttribute("display", mutability: .readOnly, description: "The group's displayName."),
                    SCIMAttribute(
                        "type", mutability: .readOnly, description: "direct or indirect.",
                        canonicalValues: ["direct", "indirect"]),
                ]),
            plural("entitlements", "Entitlements.", types: []),
            plural("roles", "Roles.", types: []),
            plural("x509Certificates", "X.509 certificates (DER, base64).", types: [], valueType: .binary),
        ])

    /// The Enterprise User extension, RFC 7643 §4.3 (all attributes optional).
    public static let enterpriseUser = SCIMSchema(
        id: SCIMURN.enterpriseUser, name: "EnterpriseUser", description: "Enterprise User",
        attributes: [
            SCIMAttribute("employeeNumber", description: "Numeric or alphanumeric employee number."),
            SCIMAttribute("costCenter", description: "Cost center."),
            SCIMAttribute("organization", description: "Organization."),
            SCIMAttribute("division", description: "Division."),
            SCIMAttribute("department", description: "Department."),
            SCIMAttribute(
                "manager", .complex,
                description: "The user's manager. Entra sends a plain id string, accepted as {value}.",
                subAttributes: [
                    SCIMAttribute("value", caseExact: true, description: "The manager's id."),
                    SCIMAttribute(
                        "$ref", .reference, caseExact: true, description: "The manager's URI.",
                        referenceTypes: ["User"]),
                    SCIMAttribute("displayName", mutability: .readOnly, description: "The manager's displayName."),
                ]),
        ])
}
