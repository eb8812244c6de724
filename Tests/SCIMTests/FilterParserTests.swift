import Core
import SCIM
import Testing

@Suite("Filter parser")
struct FilterParserTests {
    @Test(arguments: [
        ("userName eq \"bjensen\"", SCIMFilter.compare(path("userName"), .eq, .string("bjensen"))),
        ("UserName EQ \"A\"", .compare(path("UserName"), .eq, .string("A"))),
        ("name.familyName co \"O'Malley\"", .compare(path("name", "familyName"), .co, .string("O'Malley"))),
        ("userName sw \"J\"", .compare(path("userName"), .sw, .string("J"))),
        ("title ew \"er\"", .compare(path("title"), .ew, .string("er"))),
        ("title pr", .present(path("title"))),
        ("title PR", .present(path("title"))),
        ("userName ne \"x\"", .compare(path("userName"), .ne, .string("x"))),
        ("meta.lastModified gt \"2011-05-13T04:42:34Z\"",
         .compare(path("meta", "lastModified"), .gt, .string("2011-05-13T04:42:34Z"))),
        ("meta.created ge \"2011-05-13T04:42:34Z\"", .compare(path("meta", "created"), .ge, .string("2011-05-13T04:42:34Z"))),
        ("meta.created lt \"2011-05-13T04:42:34Z\"", .compare(path("meta", "created"), .lt, .string("2011-05-13T04:42:34Z"))),
        ("meta.created le \"2011-05-13T04:42:34Z\"", .compare(path("meta", "created"), .le, .string("2011-05-13T04:42:34Z"))),
        ("active eq true", .compare(path("active"), .eq, .bool(true))),
        ("active eq \"False\"", .compare(path("active"), .eq, .bool(false))),
        ("title eq null", .compare(path("title"), .eq, .null)),
        ("x eq -1.5e2", .compare(path("x"), .eq, .number(-150))),
        ("x gt 10", .compare(path("x"), .gt, .number(10))),
        ("externalId eq jyoung", .compare(path("externalId"), .eq, .string("jyoung"))),
        ("userName eq \"a\\\"b\\u00e9\"", .compare(path("userName"), .eq, .string("a\"bé"))),
        ("a pr and b pr or c pr", .or([.and([.present(path("a")), .present(path("b"))]), .present(path("c"))])),
        ("a pr or b pr and c pr", .or([.present(path("a")), .and([.present(path("b")), .present(path("c"))])])),
        ("a pr and (b pr or c pr)", .and([.present(path("a")), .or([.present(path("b")), .present(path("c"))])])),
        ("not (a pr) and b pr", .and([.not(.present(path("a"))), .present(path("b"))])),
        ("NOT(a pr or b pr)", .not(.or([.present(path("a")), .present(path("b"))]))),
        ("a pr AND b pr And c pr", .and([.present(path("a")), .present(path("b")), .present(path("c"))])),
        ("emails[type eq \"work\" and value co \"@example.com\"]",
         .valuePath(path("emails"), .and([.compare(path("type"), .eq, .string("work")),
                                            .compare(path("value"), .co, .string("@example.com"))]))),
        ("emails[type eq \"work\"].value eq \"a@b.c\"",
         .valuePath(path("emails"), .and([.compare(path("type"), .eq, .string("work")),
                                            .compare(path("value"), .eq, .string("a@b.c"))]))),
        ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"R&D\"",
         .compare(path("department", urn: SCIMURN.enterpriseUser), .eq, .string("R&D"))),
        ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"m1\"",
         .compare(path("manager", "value", urn: SCIMURN.enterpriseUser), .eq, .string("m1"))),
        ("userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
         .and([.compare(path("userType"), .eq, .string("Employee")),
               .or([.compare(path("emails"), .co, .string("example.com")),
                    .compare(path("emails", "value"), .co, .string("example.org"))])])),
    ])
    func parses(text: String, expected: SCIMFilter) throws {
        #expect(try SCIMFilter.parse(text, for: .user) == expected)
    }

    @Test(arguments: [
        "", "   ", "userName", "userName eq", "userName xx \"a\"", "userName eq \"a", "eq \"a\"",
        "(userName eq \"a\"", "userName eq \"a\")", "userName eq \"a\" and", "and userName eq \"a\"",
        "userName eq \"a\" or or b pr", "emails[type eq \"work\"", "emails[emails[type eq \"x\"]]",
        "emails type eq \"work\"]", "userName eq \"a\" userName eq \"b\"", "active gt true", "active lt false",
        "x gt null", "title co 5", "title sw true", "meta.created gt \"yesterday\"", "name eq \"x\"",
        "1abc eq \"x\"", "user%Name eq \"x\"", "userName eq 01", "userName eq \"\\x\"", "not", "()",
        "userName eq \"a\" ]", "userName.a.b eq \"x\"", "title[value eq \"x\"]", "active ge \"true\"",
        "userName eq \"\\ud800\"",
    ])
    func rejects(text: String) {
        #expect {
            try SCIMFilter.parse(text, for: .user)
        } throws: { error in
            (error as? SCIMError)?.scimType == .invalidFilter && (error as? SCIMError)?.status == 400
        }
    }

    @Test func depthLimitIsACleanError() {
        let deep = String(repeating: "(", count: 10_000) + "a pr" + String(repeating: ")", count: 10_000)
        #expect(throws: SCIMError.self) { try SCIMFilter.parse(deep, limits: FilterLimits(maxLength: 100_000)) }
        let nots = String(repeating: "not ", count: 5_000) + "a pr"
        #expect(throws: SCIMError.self) { try SCIMFilter.parse(nots, limits: FilterLimits(maxLength: 100_000)) }
        let ok = String(repeating: "(", count: 32) + "a pr" + String(repeating: ")", count: 32)
        #expect(throws: Never.self) { try SCIMFilter.parse(ok) }
    }

    @Test func lengthLimit() {
        let long = "userName eq \"" + String(repeating: "a", count: 5000) + "\""
        #expect(throws: SCIMError.self) { try SCIMFilter.parse(long) }
    }

    @Test func longChainsStayFlat() throws {
        let chain = (0..<300).map { "a\($0) pr" }.joined(separator: " and ")
        guard case .and(let terms) = try SCIMFilter.parse(chain) else { Issue.record("not an and"); return }
        #expect(terms.count == 300)
    }

    @Test func errorDetailIsHelpful() {
        do {
            _ = try SCIMFilter.parse("userName xx \"a\"")
            Issue.record("expected an error")
        } catch {
            #expect(error.detail.contains("'xx' is not a filter operator"))
        }
    }

    @Test(arguments: ["members[value eq \"x\"]", "emails[type eq \"work\"].value", "name.givenName",
                      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "addresses[type eq \"work\"].streetAddress"])
    func patchPathsParse(text: String) {
        #expect(throws: Never.self) { try PatchPath.parse(text, for: .user) }
    }

    @Test(arguments: ["", "emails[", "emails[type eq]", "emails]", "emails[type eq \"w\"].", "a b", "name..x",
                      "emails[type eq \"w\"] extra", "\"quoted\"", "emails[type eq \"w\"].value.x"])
    func badPatchPaths(text: String) {
        #expect {
            try PatchPath.parse(text, for: .user)
        } throws: { error in
            (error as? SCIMError)?.scimType == .invalidPath
        }
    }
}
