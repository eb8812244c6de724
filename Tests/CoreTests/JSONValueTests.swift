import Core
import Foundation
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test func keepsBooleansAndNumbersApart() throws {
        let data = Data(#"{"a":true,"b":1,"c":"x","d":null,"e":[1,false],"f":{"g":0}}"#.utf8)
        let value = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(
            value
                == .object([
                    "a": .bool(true), "b": .number(1), "c": .string("x"), "d": .null,
                    "e": .array([.number(1), .bool(false)]), "f": .object(["g": .number(0)]),
                ]))
    }

    @Test func roundTrips() throws {
        let value = JSONValue.object(["k": .array([.string("v"), .bool(true), .null])])
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
    }
}
