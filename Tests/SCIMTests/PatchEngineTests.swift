import Core
import SCIM
import Testing

@Suite("PATCH engine")
struct PatchEngineTests {
    let users = PatchEngine(kind: .user)
    let groups = PatchEngine(kind: .group)
    let stored = try! SCIMUserInput(json: sampleUser).attributes
    let group = try! SCIMGroupInput(json: json(#"{"displayName":"Eng","externalId":"g-ext"}"#)).attributes

    func patch(_ operations: String, _ engine: PatchEngine? = nil, resource: JSONValue? = nil) throws -> PatchResult {
        let engine = engine ?? users
        let body = json(#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":"# + operations + "}")
        return try engine.apply(json: body, to: resource ?? (engine.kind == .user ? stored : group), resourceID: "a1b2c3")
    }

    // MARK: Okta (okta-protocol.md A5, A6, A4)

    @Test func oktaDeactivateAndReactivate() throws {
        let off = try patch(#"[{"op":"replace","value":{"active":false}}]"#)
        #expect(off.resource["active"] == .bool(false))
        #expect(off.changedAttributes == ["active"])
        let on = try patch(#"[{"op":"replace","value":{"active":true}}]"#, resource: off.resource)
        #expect(on.resource["active"] == .bool(true))
    }

    /// An attribute of an unknown extension set under another spelling replaces the old one
    /// instead of sitting beside it (attribute names are case-insensitive, RFC 7643 §2.1).
    @Test func anotherSpellingReplacesTheAttribute() throws {
        let resource = json(#"{"userName":"a","urn:example:custom:2.0:User":{"badge":1,"team":"x"}}"#)
        let result = try patch(#"[{"op":"replace","path":"urn:example:custom:2.0:User:BADGE","value":2}]"#, resource: resource)
        let custom = try #require(result.resource["urn:example:custom:2.0:User"]?.objectValue)
        #expect(custom.keys.filter { $0.lowercased() == "badge" }.count == 1)
        #expect(custom.first { $0.key.lowercased() == "badge" }?.value == .number(2))
        #expect(custom["team"] == .string("x"))
    }

    /// A user result carries the validated input the store takes, the very one a second
    /// validation of the resource would give (so callers need not normalise twice); a group's
    /// result carries none.
    @Test func userResultCarriesItsValidatedInput() throws {
        for operations in [
            #"[{"op":"replace","value":{"active":false}}]"#,
            #"[{"op":"Replace","path":"emails[type eq \"work\"].value","value":"New@Example.com"}]"#,
            #"[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"R&D"}]"#,
        ] {
            let result = try patch(operations)
            let input = try #require(result.user, "\(operations)")
            #expect(input.attributes == result.resource)
            #expect(try SCIMUserInput(json: result.resource) == input, "\(operations)")
        }
        #expect(try patch(#"[{"op":"replace","path":"displayName","value":"Ops"}]"#, groups).user == nil)
    }

    @Test func oktaPathlessNestedReplaceKeepsOtherSubAttributes() throws {
        let result = try patch(#"[{"op":"replace","value":{"name":{"givenName":"J"}}}]"#)
        #expect(result.resource["name"] == json(#"{"givenName":"J","familyName":"Doe"}"#))
        #expect(result.changedAttributes == ["name"])
    }

    @Test func pathedReplaceOfSubAttribute() throws {
        let result = try patch(#"[{"op":"replace","path":"name.givenName","value":"J"}]"#)
        #expect(result.resource["name"]?["givenName"] == .string("J"))
        #expect(result.resource["name"]?["familyName"] == .string("Doe"))
    }

    // MARK: Entra (okta-protocol.md B)

    @Test(arguments: [
        #"[{"op":"Replace","path":"active","value":"False"}]"#,
        #"[{"op":"replace","path":"active","value":false}]"#,
        #"[{"op":"REPLACE","path":"Active","value":"false"}]"#,
        #"[{"op":"Replace","value":{"active":"False"}}]"#,
    ])
    func entraDisable(operations: String) throws {
        #expect(try patch(operations).resource["active"] == .bool(false))
    }

    @Test func entraDottedAndURNKeys() throws {
        let result = try patch(#"""
            [{"op":"replace","value":{"displayName":"x","name.givenName":"y",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"z",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager":"m-1"}}]
            """#)
        #expect(result.resource["displayName"] == .string("x"))
        #expect(result.resource["name"] == json(#"{"givenName":"y","familyName":"Doe"}"#))
        let enterprise = result.resource[SCIMURN.enterpriseUser]
        #expect(enterprise == json(#"{"department":"R&D","employeeNumber":"z","manager":{"value":"m-1"}}"#))
        #expect(result.changedAttributes == [
            "displayName", "name", SCIMURN.enterpriseUser + ":employeeNumber", SCIMURN.enterpriseUser + ":manager",
        ])
    }

    @Test func entraEmailValuePathOnExistingEmail() throws {
        let result = try patch(#"[{"op":"Replace","path":"emails[type eq \"work\"].value","value":"new@x.com"}]"#)
        #expect(result.resource["emails"]?.arrayValue?[0] == json(#"{"value":"new@x.com","type":"work","primary":true}"#))
        #expect(result.resource["emails"]?.arrayValue?.count == 2)
    }

    @Test func entraEmailValuePathOnMissingEmailCreatesIt() throws {
        let bare = try SCIMUserInput(json: json(#"{"userName":"u"}"#)).attributes
        let result = try patch(#"[{"op":"Add","path":"emails[type eq \"work\"].value","value":"a@b.c"}]"#, resource: bare)
        #expect(result.resource["emails"] == json(#"[{"type":"work","value":"a@b.c"}]"#))
        let replaced = try patch(
            #"[{"op":"replace","path":"phoneNumbers[type eq \"mobile\"].value","value":"1"},{"op":"replace","path":"addresses[type eq \"work\"].streetAddress","value":"Main St"}]"#,
            resource: bare)
        #expect(replaced.resource["phoneNumbers"] == json(#"[{"type":"mobile","value":"1"}]"#))
        #expect(replaced.resource["addresses"] == json(#"[{"type":"work","streetAddress":"Main St"}]"#))
    }

    @Test func entraManagerAsPlainStringOnURNPath() throws {
        let result = try patch(
            #"[{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"boss"}]"#)
        #expect(result.resource[SCIMURN.enterpriseUser]?["manager"] == json(#"{"value":"boss"}"#))
    }

    // MARK: RFC semantics (RFC 7644 §3.5.2)

    @Test func addAppendsWithoutDuplicatesAndMovesPrimary() throws {
        let result = try patch(#"""
            [{"op":"add","path":"emails","value":[{"value":"jd@home.org","type":"home"},{"value":"n@x.com","type":"other","primary":"True"}]}]
            """#)
        let emails = try #require(result.resource["emails"]?.arrayValue)
        #expect(emails.count == 3)
        #expect(emails.filter { $0["primary"] == .bool(true) }.map { $0["value"] } == [.string("n@x.com")])
    }

    @Test func addWithoutPathMerges() throws {
        let result = try patch(#"[{"op":"add","value":{"nickName":"JD","emails":[{"value":"z@z.z"}]}}]"#)
        #expect(result.resource["nickName"] == .string("JD"))
        #expect(result.resource["emails"]?.arrayValue?.count == 3)
    }

    @Test func removeByValueFilterAndWholeAttribute() throws {
        let one = try patch(#"[{"op":"remove","path":"emails[type eq \"home\"]"}]"#)
        #expect(one.resource["emails"]?.arrayValue?.count == 1)
        let all = try patch(#"[{"op":"remove","path":"emails"}]"#)
        #expect(all.resource["emails"] == nil)
        let none = try patch(#"[{"op":"remove","path":"emails[type eq \"fax\"]"}]"#)
        #expect(none.resource == stored)
        #expect(none.changedAttributes.isEmpty)
        let ext = try patch(#"[{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"}]"#)
        #expect(ext.resource[SCIMURN.enterpriseUser] == json(#"{"employeeNumber":"42"}"#))
        let whole = try patch(#"[{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}]"#)
        #expect(whole.resource[SCIMURN.enterpriseUser] == nil)
    }

    @Test func replaceOfMissingAttributeActsAsAdd() throws {
        let result = try patch(#"[{"op":"replace","path":"nickName","value":"JD"}]"#)
        #expect(result.resource["nickName"] == .string("JD"))
    }

    @Test func unknownExtensionIsKeptVerbatim() throws {
        let result = try patch(#"[{"op":"add","path":"urn:example:custom:2.0:User:costCode","value":{"a":[1]}}]"#)
        #expect(result.resource["urn:example:custom:2.0:User"] == json(#"{"costCode":{"a":[1]}}"#))
    }

    @Test func passwordAndUnknownAttributesAreDropped() throws {
        let result = try patch(#"""
            [{"op":"replace","path":"password","value":"secret"},{"op":"replace","value":{"password":"x","foo":1}},
             {"op":"add","path":"notAnAttribute","value":"x"}]
            """#)
        #expect(result.resource == stored)
        #expect(!result.resource.serializedString().contains("secret"))
    }

    @Test func pathlessReplaceIgnoresEchoedIdMetaSchemasGroups() throws {
        let result = try patch(#"""
            [{"op":"replace","value":{"id":"a1b2c3","meta":{"x":1},"schemas":["x"],"groups":[],"title":"Boss"}}]
            """#)
        #expect(result.changedAttributes == ["title"])
    }

    @Test func atomicity() throws {
        let before = stored
        #expect(throws: SCIMError.self) {
            try patch(#"[{"op":"replace","path":"title","value":"Changed"},{"op":"remove","path":"userName"}]"#)
        }
        #expect(stored == before)
    }

    @Test(arguments: [
        (#"[{"op":"remove"}]"#, SCIMErrorType.noTarget),
        (#"[{"op":"remove","value":{"title":"x"}}]"#, .noTarget),
        (#"[{"op":"replace","path":"emails[type eq \"fax\"]","value":{"value":"f"}}]"#, .noTarget),
        (#"[{"op":"replace","path":"emails[type eq \"fax\" or type eq \"x\"].value","value":"f"}]"#, .noTarget),
        (#"[{"op":"remove","path":"userName"}]"#, .mutability),
        (#"[{"op":"replace","path":"id","value":"other"}]"#, .mutability),
        (#"[{"op":"replace","value":{"id":"other"}}]"#, .mutability),
        (#"[{"op":"add","path":"groups","value":[{"value":"g"}]}]"#, .mutability),
        (#"[{"op":"replace","path":"meta.created","value":"2020-01-01T00:00:00Z"}]"#, .mutability),
        (#"[{"op":"replace","path":"emails[type eq ]","value":"x"}]"#, .invalidPath),
        (#"[{"op":"replace","path":"name..givenName","value":"x"}]"#, .invalidPath),
        (#"[{"op":"replace","path":"title[value eq \"x\"]","value":"x"}]"#, .invalidPath),
        (#"[{"op":"replace","path":"active","value":"maybe"}]"#, .invalidValue),
        (#"[{"op":"replace","path":"active","value":1}]"#, .invalidValue),
        (#"[{"op":"replace","path":"userName","value":""}]"#, .invalidValue),
        (#"[{"op":"replace","path":"userName","value":"a\u200Db"}]"#, .invalidValue),
        (#"[{"op":"replace","path":"userName","value":42}]"#, .invalidValue),
        (#"[{"op":"replace","path":"name","value":"x y"}]"#, .invalidValue),
        (#"[{"op":"add","path":"title"}]"#, .invalidValue),
        (#"[{"op":"replace","value":"active"}]"#, .invalidValue),
        (#"[{"op":"replace","path":"emails","value":[{"value":"a","primary":true},{"value":"b","primary":true}]}]"#, .invalidValue),
        (#"[{"op":"copy","path":"title"}]"#, .invalidSyntax),
        (#"[{"path":"title"}]"#, .invalidSyntax),
        (#"{"op":"add"}"#, .invalidSyntax),
    ])
    func errors(operations: String, type: SCIMErrorType) {
        #expect {
            try patch(operations)
        } throws: { error in
            (error as? SCIMError)?.scimType == type && (error as? SCIMError)?.status == 400
        }
    }

    @Test func errorNamesTheOperation() {
        do {
            _ = try patch(#"[{"op":"replace","path":"title","value":"x"},{"op":"remove","path":"userName"}]"#)
        } catch let error as SCIMError {
            #expect(error.detail.hasPrefix("Operations[1]:"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func schemasMustNameThePatchOp() {
        #expect(throws: SCIMError.self) {
            try users.apply(json: json(#"{"schemas":["x"],"Operations":[]}"#), to: stored, resourceID: "a1b2c3")
        }
    }

    // MARK: Groups (okta-protocol.md A7, B)

    @Test func oktaRenameWithEchoedId() throws {
        let result = try patch(#"[{"op":"replace","value":{"id":"a1b2c3","displayName":"Eng 2"}}]"#, groups)
        #expect(result.resource["displayName"] == .string("Eng 2"))
        #expect(result.memberChanges.isEmpty)
        #expect(result.changedAttributes == ["displayName"])
    }

    @Test func oktaMembershipPatch() throws {
        let result = try patch(#"""
            [{"op":"remove","path":"members[value eq \"89bb1940-b905-4575-9e7f-6f887cfb368e\"]"},
             {"op":"add","path":"members","value":[{"value":"23a35c27","display":"jdoe@example.com"}]}]
            """#, groups)
        #expect(result.memberChanges == [.remove(["89bb1940-b905-4575-9e7f-6f887cfb368e"]), .add(["23a35c27"])])
        #expect(result.resource == group)
        #expect(result.changedAttributes == ["members"])
    }

    @Test func oktaPushNowReplacesMembers() throws {
        let result = try patch(#"""
            [{"op":"replace","path":"members","value":[{"value":"23a35c27","display":"jdoe@example.com"},{"value":"89bb1940"}]}]
            """#, groups)
        #expect(result.memberChanges == [.replace(["23a35c27", "89bb1940"])])
        #expect(try patch(#"[{"op":"replace","path":"members","value":[]}]"#, groups).memberChanges == [.replace([])])
    }

    @Test(arguments: [
        (#"[{"op":"Remove","path":"members","value":[{"value":"x"},{"value":"y"}]}]"#, [MemberChange.remove(["x", "y"])]),
        (#"[{"op":"remove","path":"members[value eq \"x\" or value eq \"y\"]"}]"#, [.remove(["x", "y"])]),
        (#"[{"op":"remove","path":"members"}]"#, [.removeAll]),
        (#"[{"op":"Add","path":"members","value":[{"$ref":null,"value":"x","type":"User"}]}]"#, [.add(["x"])]),
        (#"[{"op":"add","value":{"members":[{"value":"x"},{"value":"x"}]}}]"#, [.add(["x"])]),
        (#"[{"op":"replace","value":{"displayName":"Eng","members":[{"value":"z"}]}}]"#, [.replace(["z"])]),
    ])
    func entraAndRFCMemberShapes(operations: String, changes: [MemberChange]) throws {
        #expect(try patch(operations, groups).memberChanges == changes)
    }

    @Test(arguments: [
        (#"[{"op":"remove","path":"members[display eq \"x\"]"}]"#, SCIMErrorType.invalidPath),
        (#"[{"op":"replace","path":"members[value eq \"x\"]","value":{"value":"y"}}]"#, .invalidPath),
        (#"[{"op":"add","path":"members","value":[{"display":"no value"}]}]"#, .invalidValue),
        (#"[{"op":"add","path":"members","value":[42]}]"#, .invalidValue),
        (#"[{"op":"remove","path":"displayName"}]"#, .mutability),
    ])
    func groupErrors(operations: String, type: SCIMErrorType) {
        #expect {
            try patch(operations, groups)
        } throws: { error in
            (error as? SCIMError)?.scimType == type
        }
    }

    @Test func largeMemberAddIsLinear() throws {
        let values = (0..<100_000).map { "{\"value\":\"user-\($0)\"}" }.joined(separator: ",")
        let body = "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[\(values)]}]}"
        let request = try PatchRequest(bytes: Array(body.utf8), kind: .group, maxBytes: 8 << 20)
        let result = try groups.apply(request, to: group, resourceID: "g")
        guard case .add(let ids) = result.memberChanges.first else { Issue.record("no add"); return }
        #expect(ids.count == 100_000)
    }
}
