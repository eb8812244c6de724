import Core
import Testing

@Suite("JSON object member scanner")
struct JSONObjectMembersTests {
    private func members(_ text: String) -> [(String, String)]? {
        let bytes = Array(text.utf8)
        return JSONObjectMembers.scan(bytes)?.map { ($0.key, String(decoding: bytes[$0.value], as: UTF8.self)) }
    }

    @Test("finds every top-level member with its raw value")
    func topLevel() throws {
        let found = try #require(
            members(#"{"a":1,"b":"x,}","c":{"d":[1,{"e":"]"}]},"f":[],"g":null,"h":true,"i":-1.5e3}"#))
        #expect(found.map(\.0) == ["a", "b", "c", "f", "g", "h", "i"])
        #expect(found.map(\.1) == ["1", #""x,}""#, #"{"d":[1,{"e":"]"}]}"#, "[]", "null", "true", "-1.5e3"])
    }

    @Test("whitespace between tokens, empty object")
    func whitespace() throws {
        #expect(members("{}")?.isEmpty == true)
        #expect(members(" { } ")?.isEmpty == true)
        let found = try #require(members(" {\n \"a\" : [ 1 , 2 ] ,\t\"b\":\"c\" } "))
        #expect(found.map(\.0) == ["a", "b"])
        #expect(found.map(\.1) == ["[ 1 , 2 ]", #""c""#])
    }

    @Test("keys with escapes are decoded; escaped quotes do not end strings")
    func escapes() throws {
        let found = try #require(members(#"{"a\"b":"x\"}","\u00e9":1}"#))
        #expect(found.map(\.0) == ["a\"b", "é"])
        #expect(found[0].1 == #""x\"}""#)
    }

    @Test("anything but exactly one well-formed object is refused", arguments: [
        "", "[]", "1", "\"a\"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":1} x", "{\"a\":[1,2}",
        "{\"a\":\"unterminated}", "{a:1}", "{\"a\":{\"b\"}}", "{\"a\":1 \"b\":2}",
    ])
    func refused(_ text: String) {
        #expect(members(text) == nil)
    }

    @Test("agrees with the full parser on serialised values")
    func agreesWithParser() throws {
        let value = try JSONValue.parse(
            #"{"name":{"givenName":"Å","familyName":"O\"Neil\n"},"emails":[{"value":"a@b","primary":true}],"#
                + #""urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"7"},"n":3.25}"#)
        let bytes = value.serialized()
        let found = try #require(JSONObjectMembers.scan(bytes))
        let object = try #require(value.objectValue)
        #expect(found.count == object.count)
        for member in found {
            let parsed = try JSONValue.parse(String(decoding: bytes[member.value], as: UTF8.self))
            #expect(parsed == object[member.key])
        }
    }
}
