import Core
import SCIM
import Testing

@Suite("Paging, sorting, lists, discovery")
struct QueryAndDiscoveryTests {
    @Test(arguments: [
        (nil, nil, 1, 200), ("1", "2", 1, 2), ("0", "10", 1, 10), ("-5", "-1", 1, 0), ("101", "100", 101, 100),
        ("3", "100000", 3, 200), (" 2 ", "0", 2, 0),
    ] as [(String?, String?, Int, Int)])
    func paging(start: String?, count: String?, expectedStart: Int, expectedCount: Int) throws {
        let paging = try PagingParameters(startIndex: start, count: count, maxResults: 200)
        #expect(paging.startIndex == expectedStart)
        #expect(paging.count == expectedCount)
        #expect(paging.offset == expectedStart - 1)
    }

    @Test(arguments: [("x", nil), (nil, "1.5"), ("", nil), (nil, "ten"), ("99999999999999999999", nil)] as [(String?, String?)])
    func badPaging(start: String?, count: String?) {
        #expect {
            try PagingParameters(startIndex: start, count: count, maxResults: 200)
        } throws: { ($0 as? SCIMError)?.scimType == .invalidValue }
    }

    @Test func sorting() throws {
        #expect(try SortParameters(sortBy: "UserName", sortOrder: nil, kind: .user)?.key == .userName)
        #expect(try SortParameters(sortBy: "meta.created", sortOrder: "descending", kind: .user)?.ascending == false)
        #expect(try SortParameters(sortBy: nil, sortOrder: nil, kind: .user) == nil)
        #expect(throws: SCIMError.self) { try SortParameters(sortBy: "title", sortOrder: nil, kind: .user) }
        #expect(throws: SCIMError.self) { try SortParameters(sortBy: "userName", sortOrder: "up", kind: .user) }
    }

    @Test func emptyListResponse() throws {
        let body = try JSONValue.parse(ListResponse(totalResults: 0, startIndex: 1, resources: []).json.serialized())
        #expect(body == json(#"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,
             "itemsPerPage":0,"Resources":[]}
            """#))
        #expect(String(decoding: ListResponse(totalResults: 3, startIndex: 2, resources: [.null]).json.serialized(), as: UTF8.self)
            .contains("\"totalResults\":3"))
    }

    @Test func serviceProviderConfig() throws {
        let document = try JSONValue.parse(ServiceProviderConfig(maxResults: 150).json(baseURL: "https://h/scim/v2/t/c").serialized())
        #expect(document["patch"]?["supported"] == .bool(true))
        #expect(document["bulk"] == json(#"{"supported":false,"maxOperations":0,"maxPayloadSize":0}"#))
        #expect(document["filter"] == json(#"{"supported":true,"maxResults":150}"#))
        #expect(document["changePassword"]?["supported"] == .bool(false))
        #expect(document["sort"]?["supported"] == .bool(true))
        #expect(document["etag"]?["supported"] == .bool(true))
        #expect(document["authenticationSchemes"]?.arrayValue?.first?["type"] == .string("oauthbearertoken"))
        #expect(document["authenticationSchemes"]?.arrayValue?.first?["primary"] == .bool(true))
        #expect(document["meta"]?["location"] == .string("https://h/scim/v2/t/c/ServiceProviderConfig"))
    }

    @Test func schemas() throws {
        let list = try JSONValue.parse(SchemaDocuments.listResponse(baseURL: "https://h/b").serialized())
        #expect(list["totalResults"] == .number(3))
        let user = try #require(list["Resources"]?.arrayValue?.first { $0["id"] == .string(SCIMURN.user) })
        let attributes = try #require(user["attributes"]?.arrayValue)
        func attribute(_ name: String) -> JSONValue? { attributes.first { $0["name"] == .string(name) } }
        #expect(attribute("userName")?["caseExact"] == .bool(false))
        #expect(attribute("userName")?["uniqueness"] == .string("server"))
        #expect(attribute("userName")?["required"] == .bool(true))
        #expect(attribute("password")?["mutability"] == .string("writeOnly"))
        #expect(attribute("password")?["returned"] == .string("never"))
        #expect(attribute("groups")?["mutability"] == .string("readOnly"))
        #expect(attribute("id")?["returned"] == .string("always"))
        #expect(attribute("id")?["caseExact"] == .bool(true))
        #expect(attribute("emails")?["multiValued"] == .bool(true))
        #expect(user["meta"]?["location"] == .string("https://h/b/Schemas/" + SCIMURN.user))
        #expect(SchemaDocuments.schema(id: SCIMURN.enterpriseUser.uppercased())?.id == SCIMURN.enterpriseUser)
        let group = try #require(list["Resources"]?.arrayValue?.first { $0["id"] == .string(SCIMURN.group) })
        #expect(group["attributes"]?.arrayValue?.contains { $0["name"] == .string("members") } == true)
    }

    @Test func resourceTypes() throws {
        let list = try JSONValue.parse(ResourceTypeDocuments.listResponse(baseURL: "https://h/b").serialized())
        let user = try #require(list["Resources"]?.arrayValue?.first { $0["id"] == .string("User") })
        #expect(user["endpoint"] == .string("/Users"))
        #expect(user["schema"] == .string(SCIMURN.user))
        #expect(user["schemaExtensions"] == json(#"[{"schema":"\#(SCIMURN.enterpriseUser)","required":false}]"#))
        #expect(user["meta"]?["location"] == .string("https://h/b/ResourceTypes/User"))
        let group = try #require(list["Resources"]?.arrayValue?.first { $0["id"] == .string("Group") })
        #expect(group["endpoint"] == .string("/Groups"))
    }
}
