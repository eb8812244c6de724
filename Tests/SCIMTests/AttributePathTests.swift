import Testing

@testable import SCIM

/// Attribute paths as request keys and PATCH paths spell them (RFC 7644 §3.10 `attrPath`):
/// plain names, `name.sub`, and URN-qualified forms; anything else is not a path.
@Suite struct AttributePathTests {
    static let valid: [(text: String, urn: String?, name: String, sub: String?)] = [
        ("userName", nil, "userName", nil),
        ("emails", nil, "emails", nil),
        ("$ref", nil, "$ref", nil),
        ("x-custom_1", nil, "x-custom_1", nil),
        ("name.givenName", nil, "name", "givenName"),
        ("urn:ietf:params:scim:schemas:core:2.0:User:userName", "urn:ietf:params:scim:schemas:core:2.0:User", "userName", nil),
        ("URN:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
         "URN:ietf:params:scim:schemas:extension:enterprise:2.0:User", "manager", "value"),
    ]
    static let invalid = [
        "", "1abc", "$", "a..b", "a.b.c", ".a", "a.", "na me", "émail", "user[name]", "urn:x", "urn:", "a/b",
    ]

    @Test func validPaths() {
        for (text, urn, name, sub) in Self.valid {
            let path = AttributePath(parsing: text)
            #expect(path?.schemaURN == urn && path?.name == name && path?.subAttribute == sub, "\(text)")
        }
    }

    @Test func invalidPaths() {
        for text in Self.invalid {
            #expect(AttributePath(parsing: text) == nil, "\(text)")
        }
    }

    /// The table of canonically spelled top-level names answers exactly what full resolution
    /// (path parsing, then the case-insensitive schema search) answers, for every such name.
    @Test func canonicalKeysResolveAsTheirParsedPaths() throws {
        for kind in SCIMResourceKind.allCases {
            for attribute in SCIMSchema.commonAttributes + kind.coreSchema.attributes {
                let path = try #require(AttributePath(parsing: attribute.name))
                #expect(kind.resolve(key: attribute.name) == kind.resolve(path), "\(kind) \(attribute.name)")
            }
            // Other spellings still resolve case-insensitively, to the canonical name.
            #expect(kind.resolve(key: "DISPLAYNAME")?.name == "displayName")
        }
    }
}
