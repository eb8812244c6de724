import Core
import SCIM
import Testing

@Suite("Filter evaluator")
struct FilterEvaluatorTests {
    @Test(arguments: [
        ("userName eq \"jane.doe@example.com\"", true),
        ("USERNAME eq \"JANE.DOE@EXAMPLE.COM\"", true),
        ("userName eq \"ｊａｎｅ.ｄｏｅ@example.com\"", true),  // fullwidth, through the canonicalizer
        ("userName eq \"jane.doe@example.co\"", false),
        ("userName eq \"jane\u{200D}.doe@example.com\"", false),  // invalid name never matches
        ("userName ne \"someone@else\"", true),
        ("userName sw \"jane\"", true),
        ("userName ew \"EXAMPLE.COM\"", true),
        ("userName co \"doe@\"", true),
        ("externalId eq \"00uABC\"", true),
        ("externalId eq \"00uabc\"", false),  // caseExact
        ("id eq \"a1b2c3\"", true),
        ("id eq \"A1B2C3\"", false),
        ("displayName eq \"jane doe\"", true),  // caseExact false
        ("title pr", true),
        ("nickName pr", false),
        ("nickName eq null", true),
        ("title ne null", true),
        ("not (nickName pr)", true),
        ("active eq true", true),
        ("active eq false", false),
        ("active ne false", true),
        ("name.givenName eq \"jane\"", true),
        ("name.familyName sw \"D\" and name.givenName ew \"e\"", true),
        ("emails eq \"jd@home.org\"", true),  // implicit .value
        ("emails.value co \"@example.com\"", true),
        ("emails.type eq \"home\"", true),
        ("emails[type eq \"work\" and value co \"@example.com\"]", true),
        ("emails[type eq \"home\" and value co \"@example.com\"]", false),  // same element must match
        ("emails[type eq \"work\"].value eq \"JANE@example.com\"", true),
        ("emails[type eq \"work\"].value eq \"jd@home.org\"", false),
        ("emails[primary eq true].type eq \"work\"", true),
        ("phoneNumbers[type eq \"mobile\"]", true),
        ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"r&d\"", true),
        ("URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:DEPARTMENT eq \"R&D\"", true),
        ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"43\"", false),
        ("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"Jane.Doe@example.com\"", true),
        ("meta.created gt \"2026-01-01T00:00:00Z\"", true),
        ("meta.created gt \"2026-01-05T11:00:00+02:00\"", true),  // 09:00Z: compared as instants
        ("meta.lastModified ge \"2026-02-01T08:30:00Z\"", true),
        ("meta.lastModified gt \"2026-02-01T08:30:00Z\"", false),
        ("userName gt \"a\" and userName lt \"k\"", true),
        ("title eq \"Engineer\" or nickName pr", true),
        ("title eq \"Manager\" or nickName pr", false),
        ("unknownAttr eq \"x\"", false),
        ("unknownAttr ne \"x\"", true),
    ])
    func evaluates(text: String, expected: Bool) {
        #expect(filter(text).matches(sampleUser, kind: .user) == expected)
    }

    @Test func numbersAndTypeMismatch() {
        let resource = json(#"{"count":5,"flag":true,"s":"5"}"#)
        #expect(filter("count gt 4", nil).matches(resource, kind: .user))
        #expect(!filter("count lt 5", nil).matches(resource, kind: .user))
        #expect(filter("count le 5", nil).matches(resource, kind: .user))
        #expect(!filter("s eq 5", nil).matches(resource, kind: .user))
        #expect(!filter("flag gt 1", nil).matches(resource, kind: .user))
    }

    @Test func groupMembersValueIsCaseExact() {
        let group = json(#"{"displayName":"Eng","members":[{"value":"AbC"}]}"#)
        #expect(filter("members.value eq \"AbC\"", .group).matches(group, kind: .group))
        #expect(!filter("members.value eq \"abc\"", .group).matches(group, kind: .group))
        #expect(filter("displayName eq \"ENG\"", .group).matches(group, kind: .group))
    }
}

@Suite("Index planner")
struct IndexPlannerTests {
    @Test(arguments: [
        ("userName eq \"Jane@Example.com\"", IndexLookup.userName(canonical: "jane@example.com"), nil as String?),
        ("USERNAME EQ \"ＪＡＮＥ\"", .userName(canonical: "jane"), nil),
        ("userName eq \"a\u{200B}b\"", .nothing, nil),
        ("externalId eq \"00u1\"", .externalId("00u1"), nil),
        ("id eq \"x\"", .id("x"), nil),
        ("displayName eq \"Eng\"", .displayName("Eng"), nil),
        ("emails.value eq \"a@b.c\"", .emailValue("a@b.c"), nil),
        ("emails eq \"a@b.c\"", .emailValue("a@b.c"), nil),
        ("userName eq \"u\" and active eq true", .userName(canonical: "u"), "active eq true"),
        ("active eq true and externalId eq \"e\" and userName eq \"u\"", .externalId("e"), "active eq true and userName eq \"u\""),
        ("emails[type eq \"work\"].value eq \"a@b.c\"", .emailValue("a@b.c"),
         "emails[type eq \"work\"].value eq \"a@b.c\""),
    ])
    func plans(text: String, lookup: IndexLookup, residual: String?) {
        let plan = filter(text).indexPlan(for: .user)
        #expect(plan?.lookup == lookup)
        #expect(plan?.residual == residual.map { filter($0) })
    }

    @Test(arguments: [
        "userName eq \"a\" or userName eq \"b\"", "userName co \"a\"", "userName ne \"a\"", "title eq \"x\"",
        "not (userName eq \"a\")", "emails[type eq \"work\"]", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"x\"",
    ])
    func needsAScan(text: String) {
        #expect(filter(text).indexPlan(for: .user) == nil)
    }

    @Test func groupDisplayName() {
        #expect(filter("displayName eq \"Eng\"", .group).indexLookup(for: .group) == .displayName("Eng"))
        #expect(filter("userName eq \"x\"", .group).indexLookup(for: .group) == nil)
    }
}
