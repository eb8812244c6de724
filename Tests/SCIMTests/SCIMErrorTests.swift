import Core
import SCIM
import Testing

@Suite("SCIMError")
struct SCIMErrorTests {
    @Test(arguments: SCIMErrorType.allCases)
    func bodyFollowsRFC7644(type: SCIMErrorType) throws {
        let error = SCIMError(type, "something went wrong")
        let body = try JSONValue.parse(error.serializedBody())
        #expect(body["schemas"] == .array([.string("urn:ietf:params:scim:api:messages:2.0:Error")]))
        #expect(body["status"] == .string(String(type.defaultStatus)))
        #expect(body["scimType"] == .string(type.rawValue))
        #expect(body["detail"] == .string("something went wrong"))
    }

    @Test(arguments: [
        (SCIMErrorType.uniqueness, 409), (.sensitive, 403), (.invalidFilter, 400), (.noTarget, 400),
        (.mutability, 400), (.tooMany, 400), (.invalidVers, 400),
    ])
    func statusCodes(type: SCIMErrorType, status: Int) {
        #expect(type.defaultStatus == status)
    }

    @Test func notFoundHasNoScimType() {
        let body = SCIMError.notFound("User 42 not found").body
        #expect(body["status"] == .string("404"))
        #expect(body["scimType"] == nil)
        #expect(SCIMError.unauthorized("bad token").serializedBody() == Array(
            #"{"detail":"bad token","schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401"}"#.utf8))
    }
}
