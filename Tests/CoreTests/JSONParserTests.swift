import Core
import Foundation
import Testing

@Suite("JSONValue.parse")
struct JSONParserTests {
    @Test(arguments: [
        ("null", JSONValue.null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("0", .number(0)),
        ("-0", .number(-0.0)),
        ("42", .number(42)),
        ("-17", .number(-17)),
        ("3.25", .number(3.25)),
        ("1e3", .number(1000)),
        ("1E+3", .number(1000)),
        ("2.5e-1", .number(0.25)),
        ("123456789012345678", .number(Double("123456789012345678")!)),
        ("1.7976931348623157e308", .number(.greatestFiniteMagnitude)),
        ("\"\"", .string("")),
        ("\"a\\\"b\\\\c\\/d\"", .string("a\"b\\c/d")),
        ("\"\\b\\f\\n\\r\\t\"", .string("\u{8}\u{C}\n\r\t")),
        ("\"\\u00e9\\u00E9\"", .string("éé")),
        ("\"\\ud83d\\ude00\"", .string("😀")),
        ("\"héllo 😀\"", .string("héllo 😀")),
        ("\"\\u0000\"", .string("\u{0}")),
        ("[]", .array([])),
        ("{}", .object([:])),
        (" \t\r\n[1 , \"x\" ,null]\n", .array([.number(1), .string("x"), .null])),
        ("{\"a\":{\"b\":[true,{}]}}", .object(["a": .object(["b": .array([.bool(true), .object([:])])])])),
    ])
    func valid(text: String, expected: JSONValue) throws {
        #expect(try JSONValue.parse(text) == expected)
    }

    @Test(arguments: [
        "", " ", "nul", "truex", "True", "NaN", "Infinity", "-Infinity", "+1", "01", "-01", "1.", ".5", "1e",
        "1e+", "-", "0x10", "1e400", "-1e400", "\"abc", "\"a\nb\"", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"",
        "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\ud800\\u0041\"", "[", "[1,]", "[1 2]", "{\"a\"}", "{\"a\":}",
        "{\"a\":1,}", "{a:1}", "{'a':1}", "{\"a\":1 \"b\":2}", "[1]]", "{} {}", "1 2", "\u{FEFF}{}", "[1]x",
        "{\"a\":1,\"a\":2}", "/* c */ 1",
    ])
    func invalid(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test(arguments: [
        [0x22, 0xC3, 0x28, 0x22],  // invalid continuation
        [0x22, 0xFF, 0x22],
        [0x22, 0xC0, 0xAF, 0x22],  // overlong '/'
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // UTF-8 encoded surrogate
        [0x22, 0xE2, 0x82, 0x22],  // truncated sequence
        [0x22, 0x5C, 0x6E, 0xFF, 0x22],  // invalid after an escape (slow path)
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
    ] as [[UInt8]])
    func invalidUTF8(bytes: [UInt8]) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes) }
    }

    @Test func duplicateKeysAreRefused() {
        #expect(throws: JSONParseError.duplicateKey("a", offset: 8)) { try JSONValue.parse("{\"a\":1, \"a\":2}") }
    }

    @Test func depthLimit() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONValue.parse(ok) }
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONParseError.tooDeep(limit: 64, offset: 64)) { try JSONValue.parse(tooDeep) }
    }

    @Test func depthTenThousandIsACleanError() {
        let arrays = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(arrays, maxDepth: 100_000) }
        let objects = String(repeating: "{\"a\":", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(objects) }
        let unterminated = String(repeating: "[", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(unterminated) }
    }

    @Test func sizeLimit() {
        #expect(throws: JSONParseError.tooLarge(limit: 4)) { try JSONValue.parse("[1,2]", maxBytes: 4) }
    }

    @Test func bigInput() throws {
        let element = "{\"value\":\"user-%d@example.com\",\"display\":\"Ünïcode\",\"n\":12345,\"f\":1.5}"
        var text = "["
        for index in 0..<20_000 {
            if index > 0 { text += "," }
            text += element.replacingOccurrences(of: "%d", with: String(index))
        }
        text += "]"
        let value = try JSONValue.parse(text, maxBytes: 4 << 20)
        #expect(value.arrayValue?.count == 20_000)
        #expect(value.arrayValue?[19_999]["value"] == .string("user-19999@example.com"))
        #expect(try JSONValue.parse(value.serialized(), maxBytes: 4 << 20) == value)
    }

    @Test func acceptsNonContiguousCollections() throws {
        let bytes = "{\"a\":[1,2]}".utf8.reversed().reversed()
        #expect(try JSONValue.parse(bytes) == .object(["a": .array([.number(1), .number(2)])]))
    }

    @Test func errorDescriptions() {
        #expect(JSONParseError.unexpectedByte(UInt8(ascii: "x"), offset: 3).description.contains("'x'"))
        #expect(JSONParseError.trailingData(offset: 2).description.contains("byte 2"))
    }
}
