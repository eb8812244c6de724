import Core
import Foundation
import Testing

@Suite("JSONValue.serialized")
struct JSONSerializerTests {
    @Test(arguments: [
        (JSONValue.null, "null"),
        (.bool(true), "true"),
        (.number(1), "1"),
        (.number(-0.0), "0"),
        (.number(42), "42"),
        (.number(-9_007_199_254_740_991), "-9007199254740991"),
        (.number(0.1), "0.1"),
        (.number(1.5e300), "1.5e+300"),
        (.number(.infinity), "null"),
        (.string("a\"b\\c\n\u{1}/é😀"), "\"a\\\"b\\\\c\\n\\u0001/é😀\""),
        (.string("\u{8}\u{C}\r\t\u{1F}"), "\"\\b\\f\\r\\t\\u001f\""),
        (.array([.number(1), .null, .string("x")]), "[1,null,\"x\"]"),
        (.object(["b": .number(2), "a": .number(1), "B": .null]), "{\"B\":null,\"a\":1,\"b\":2}"),
        (.object(["x": .object([:]), "y": .array([])]), "{\"x\":{},\"y\":[]}"),
    ])
    func serializes(value: JSONValue, text: String) {
        #expect(value.serializedString() == text)
    }

    @Test(arguments: [
        "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"jdoe@example.com\",\"name\":{\"givenName\":\"Jane\"},\"active\":true,\"n\":-12.5}",
        "[\"\\u0000\\u001f\",\"\\ud83d\\ude00\",1e-7,123456789.125]",
        "\"tab\\tquote\\\"\"",
    ])
    func roundTrips(text: String) throws {
        let value = try JSONValue.parse(text)
        let bytes = value.serialized()
        #expect(try JSONValue.parse(bytes) == value)
        // Deterministic: serialising the re-parsed value gives identical bytes.
        #expect(try JSONValue.parse(bytes).serialized() == bytes)
    }

    @Test func agreesWithFoundation() throws {
        let value = JSONValue.object([
            "s": .string("é\n\"x\""), "n": .number(3), "f": .number(0.5), "a": .array([.bool(false), .null]),
        ])
        let viaFoundation = try JSONDecoder().decode(JSONValue.self, from: Data(value.serialized()))
        #expect(viaFoundation == value)
    }
}
