import Core

/// Splits a filter or PATCH path into ``FilterToken``s. Words are runs of
/// `A-Z a-z 0-9 : . _ - $ +` (attribute paths with URNs such as `…:2.0:User:department`,
/// operators, `true`/`false`/`null` and numbers); strings are JSON strings decoded by the strict
/// ``JSONValue`` parser, so every RFC 8259 escape works and nothing else does.
enum FilterLexer {
    /// Tokenises `text`; errors carry `errorType` (invalidFilter or invalidPath).
    static func tokenize(_ text: String, errorType: SCIMErrorType) throws(SCIMError) -> [FilterToken] {
        let bytes = Array(text.utf8)
        var tokens: [FilterToken] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
            case UInt8(ascii: "("): tokens.append(.leftParen); index += 1
            case UInt8(ascii: ")"): tokens.append(.rightParen); index += 1
            case UInt8(ascii: "["): tokens.append(.leftBracket); index += 1
            case UInt8(ascii: "]"): tokens.append(.rightBracket); index += 1
            case UInt8(ascii: "\""):
                let start = index
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard index < bytes.count else {
                    throw SCIMError(errorType, "unterminated string starting at character \(start + 1)")
                }
                index += 1
                do {
                    let value = try JSONValue.parse(bytes[start..<index])
                    guard case .string(let string) = value else { throw JSONParseError.unexpectedEnd }
                    tokens.append(.string(string))
                } catch {
                    throw SCIMError(errorType, "invalid string literal at character \(start + 1): \(error)")
                }
            default:
                guard isWordByte(byte) else {
                    let shown = byte < 0x80 ? "'\(Character(Unicode.Scalar(byte)))'" : "a non-ASCII character"
                    throw SCIMError(errorType, "unexpected \(shown) at character \(index + 1)")
                }
                let start = index
                while index < bytes.count, isWordByte(bytes[index]) { index += 1 }
                tokens.append(.word(String(decoding: bytes[start..<index], as: UTF8.self)))
            }
        }
        return tokens
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "$"),
            UInt8(ascii: "+"):
            true
        default: false
        }
    }
}
