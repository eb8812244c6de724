import Core
import Foundation
import SCIM
import Testing

@Suite("Resources")
struct ResourceTests {
    /// Okta's POST body (okta-protocol.md A3), plus an unknown extension.
    let oktaPost = json(#"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "userName":"jdoe@example.com",
         "name":{"givenName":"Jane","familyName":"Doe"},
         "emails":[{"primary":true,"value":"jdoe@example.com","type":"work"}],
         "displayName":"Jane Doe","locale":"en-US","title":"Engineer",
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D"},
         "urn:example:custom:2.0:User":{"badge":{"n":7},"tags":["a"]},
         "externalId":"00u1abcdEFGH2ijk3l4",
         "groups":[], "password":"x8Kq2mZa", "active":true, "id":"client-chosen", "meta":{"created":"x"}}
        """#)
    let meta = SCIMMeta(
        created: Date(timeIntervalSince1970: 1_767_607_200), lastModified: Date(timeIntervalSince1970: 1_767_607_260),
        version: "3")
    let renderer = SCIMResourceRenderer(baseURL: "https://h/scim/v2/acme/c1/")

    @Test func oktaPostParses() throws {
        let input = try SCIMUserInput(json: oktaPost)
        #expect(input.userName == "jdoe@example.com")
        #expect(input.canonicalUserName == "jdoe@example.com")
        #expect(input.externalId == "00u1abcdEFGH2ijk3l4")
        #expect(input.active)
        #expect(input.emailValues == ["jdoe@example.com"])
        let attributes = input.attributes
        #expect(attributes["password"] == nil)
        #expect(attributes["groups"] == nil)
        #expect(attributes["id"] == nil)
        #expect(attributes["meta"] == nil)
        #expect(attributes["schemas"] == nil)
        #expect(attributes["urn:example:custom:2.0:User"] == json(#"{"badge":{"n":7},"tags":["a"]}"#))
        #expect(!attributes.serializedString().contains("x8Kq2mZa"))
    }

    @Test func renderedUserHasMetaGroupsAndNoPassword() throws {
        let input = try SCIMUserInput(json: oktaPost)
        let rendered = renderer.renderUser(
            attributes: input.attributes, id: "u-1", meta: meta, groups: [SCIMGroupReference(id: "g-1", display: "Eng")])
        #expect(rendered["id"] == .string("u-1"))
        #expect(rendered["schemas"] == json(#"""
            ["urn:ietf:params:scim:schemas:core:2.0:User","urn:example:custom:2.0:User",
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]
            """#))
        #expect(rendered["meta"] == json(#"""
            {"resourceType":"User","created":"2026-01-05T10:00:00Z","lastModified":"2026-01-05T10:01:00Z",
             "location":"https://h/scim/v2/acme/c1/Users/u-1","version":"W/\"3\""}
            """#))
        #expect(rendered["groups"] == json(#"""
            [{"value":"g-1","display":"Eng","type":"direct","$ref":"https://h/scim/v2/acme/c1/Groups/g-1"}]
            """#))
        #expect(!rendered.serializedString().contains("password"))
        #expect(rendered["urn:example:custom:2.0:User"]?["badge"] == json(#"{"n":7}"#))
        // The rendered body can be PUT back (Okta's read-modify-write, okta-protocol.md A4).
        #expect(try SCIMUserInput(json: rendered).attributes == input.attributes)
    }

    @Test func caseInsensitiveNamesAndEntraBooleans() throws {
        let input = try SCIMUserInput(json: json(#"""
            {"UserName":"Bob","ACTIVE":"False","Name":{"GivenName":"B"},
             "Emails":[{"Value":"b@x","Primary":"True"}],
             "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER":{"Department":"Ops","manager":"m-9"}}
            """#))
        #expect(input.userName == "Bob")
        #expect(input.canonicalUserName == "bob")
        #expect(!input.active)
        #expect(input.attributes["name"] == json(#"{"givenName":"B"}"#))
        #expect(input.attributes["emails"] == json(#"[{"value":"b@x","primary":true}]"#))
        #expect(input.attributes[SCIMURN.enterpriseUser] == json(#"{"department":"Ops","manager":{"value":"m-9"}}"#))
    }

    /// Two spellings of one attribute: a sub-attribute given twice is refused; top-level keys of
    /// an attribute no schema defines collapse into the last one written, whatever their case.
    @Test func oneAttributeSpelledTwice() throws {
        #expect(throws: SCIMError.self) {
            try SCIMUserInput(json: json(#"{"userName":"a","name":{"givenName":"A","GIVENNAME":"B"}}"#))
        }
        let input = try SCIMUserInput(json: json(#"""
            {"userName":"a","urn:example:custom:2.0:User":{"x":1},"URN:EXAMPLE:CUSTOM:2.0:USER":{"x":2}}
            """#))
        let custom = input.attributes.objectValue?.keys.filter { $0.lowercased() == "urn:example:custom:2.0:user" } ?? []
        #expect(custom.count == 1)
        // Keys are applied in sorted order, so the lower-case spelling is written last and kept.
        #expect(input.attributes["urn:example:custom:2.0:User"] == json(#"{"x":1}"#))
    }

    @Test func activeDefaultsToTrueButStaysUnassigned() throws {
        let input = try SCIMUserInput(json: json(#"{"userName":"a"}"#))
        #expect(input.active)
        #expect(!input.activeIsAssigned)
        #expect(input.attributes["active"] == nil)
        #expect(try SCIMUserInput(json: json(#"{"userName":"a","title":null,"emails":[]}"#)).attributes
            == json(#"{"userName":"a"}"#))
        let off = try SCIMUserInput(json: json(#"{"userName":"a","active":"False"}"#))
        #expect(!off.active && off.activeIsAssigned)
    }

    @Test(arguments: [
        (#"{}"#, SCIMErrorType.invalidValue),
        (#"{"userName":null}"#, .invalidValue),
        (#"{"userName":7}"#, .invalidValue),
        (#"{"userName":""}"#, .invalidValue),
        (#"{"userName":"a\u200Bb"}"#, .invalidValue),
        (#"{"userName":"a","active":"yes"}"#, .invalidValue),
        (#"{"userName":"a","name":"Jane"}"#, .invalidValue),
        (#"{"userName":"a","emails":[{"value":"1","primary":true},{"value":"2","primary":true}]}"#, .invalidValue),
        (#"{"userName":"a","emails":[[{"value":"1"}]]}"#, .invalidValue),
        (#"{"userName":"a","title":5}"#, .invalidValue),
        (#"{"userName":"a","schemas":"x"}"#, .invalidValue),
        (#"["userName"]"#, .invalidSyntax),
    ])
    func invalidUsers(body: String, type: SCIMErrorType) {
        #expect {
            try SCIMUserInput(json: json(body))
        } throws: { error in
            (error as? SCIMError)?.scimType == type && (error as? SCIMError)?.status == 400
        }
    }

    @Test func malformedJSONIsInvalidSyntaxAndHugeIs413() {
        #expect {
            try SCIMUserInput(bytes: Array(#"{"userName":"a",}"#.utf8))
        } throws: { ($0 as? SCIMError)?.scimType == .invalidSyntax }
        #expect {
            try SCIMUserInput(bytes: Array(#"{"userName":"aaaaaaaa"}"#.utf8), maxBytes: 8)
        } throws: { ($0 as? SCIMError)?.status == 413 }
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect {
            try SCIMUserInput(bytes: Array(deep.utf8))
        } throws: { ($0 as? SCIMError)?.scimType == .invalidSyntax }
    }

    @Test func groupsSplitMembers() throws {
        let input = try SCIMGroupInput(json: json(#"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group",
                        "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
             "displayName":"Eng","externalId":"e1",
             "members":[{"value":"u1","display":"a@x"},{"value":"u2","$ref":null,"type":"User"},{"value":"u1"}]}
            """#))
        #expect(input.displayName == "Eng")
        #expect(input.memberIDs == ["u1", "u2"])
        #expect(input.attributes == json(#"{"displayName":"Eng","externalId":"e1"}"#))
        #expect(throws: SCIMError.self) { try SCIMGroupInput(json: json(#"{"members":[]}"#)) }
        #expect(throws: SCIMError.self) { try SCIMGroupInput(json: json(#"{"displayName":"x","members":[{"display":"y"}]}"#)) }
    }

    @Test func renderedGroup() throws {
        let input = try SCIMGroupInput(json: json(#"{"displayName":"Eng"}"#))
        let rendered = renderer.renderGroup(
            attributes: input.attributes, id: "g1", meta: meta, members: [SCIMMemberReference(id: "u1", display: "a@x")])
        #expect(rendered["members"] == json(#"""
            [{"value":"u1","display":"a@x","type":"User","$ref":"https://h/scim/v2/acme/c1/Users/u1"}]
            """#))
        let excluded = try AttributeProjection(excludedAttributes: "members")
        #expect(!excluded.isReturned("members", kind: .group))
        #expect(excluded.isReturned("displayName", kind: .group))
        let projected = renderer.renderGroup(attributes: input.attributes, id: "g1", meta: meta, projection: excluded)
        #expect(projected["members"] == nil)
        #expect(projected["displayName"] == .string("Eng"))
    }

    @Test(arguments: [
        ("userName", nil as String?, #"{"id":"u-1","schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"meta":{"resourceType":"User"},"userName":"jdoe"}"#),
        ("name.givenName,emails.value", nil, #"{"id":"u-1","schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"meta":{"resourceType":"User"},"name":{"givenName":"Jane"},"emails":[{"value":"j@x"}]}"#),
        ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", nil, #"{"id":"u-1","schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"meta":{"resourceType":"User"},"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D"}}"#),
        (nil, "id,schemas,meta,emails,name.familyName,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,active", #"{"id":"u-1","schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"meta":{"resourceType":"User"},"userName":"jdoe","name":{"givenName":"Jane"}}"#),
    ] as [(String?, String?, String)])
    func projection(attributes: String?, excluded: String?, expected: String) throws {
        let input = try SCIMUserInput(json: json(#"""
            {"userName":"jdoe","name":{"givenName":"Jane","familyName":"Doe"},"emails":[{"value":"j@x","type":"work"}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","costCenter":"9"}}
            """#))
        let projection = try AttributeProjection(attributes: attributes, excludedAttributes: excluded)
        let rendered = renderer.renderUser(attributes: input.attributes, id: "u-1", meta: meta, projection: projection)
        #expect(rendered == json(expected))
    }

    @Test func badProjectionIsInvalidValue() {
        #expect { try AttributeProjection(attributes: "name..x") } throws: { ($0 as? SCIMError)?.scimType == .invalidValue }
    }
}
