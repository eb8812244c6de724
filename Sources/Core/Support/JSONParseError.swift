/// Why ``JSONValue/parse(_:maxDepth:maxBytes:)`` refused a document. Each case carries the
/// byte offset where the problem was found.
public enum JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input is longer than the `maxBytes` limit (the limit).
    case tooLarge(limit: Int)
    /// Arrays/objects nest deeper than the `maxDepth` limit.
    case tooDeep(limit: Int, offset: Int)
    /// The document ended in the middle of a value.
    case unexpectedEnd
    /// A byte that cannot start or continue a value here.
    case unexpectedByte(UInt8, offset: Int)
    /// Non-whitespace after the top-level value (RFC 8259 §2).
    case trailingData(offset: Int)
    /// A malformed number (leading zero, missing digits, `NaN`, out of `Double` range).
    case invalidNumber(offset: Int)
    /// A malformed string: raw control character, bad escape, lone surrogate, invalid UTF-8.
    case invalidString(String, offset: Int)
    /// The same key twice in one object (refused rather than guessing which one wins).
    case duplicateKey(String, offset: Int)

    /// A message fit for an API error `detail`.
    public var description: String {
        switch self {
        case .tooLarge(let limit): "JSON body exceeds \(limit) bytes"
        case .tooDeep(let limit, let offset): "JSON nests deeper than \(limit) levels at byte \(offset)"
        case .unexpectedEnd: "JSON ends unexpectedly"
        case .unexpectedByte(let byte, let offset):
            byte >= 0x20 && byte < 0x7F
                ? "unexpected character '\(Character(Unicode.Scalar(byte)))' at byte \(offset)"
                : "unexpected byte 0x\(String(byte, radix: 16)) at byte \(offset)"
        case .trailingData(let offset): "unexpected data after the JSON value at byte \(offset)"
        case .invalidNumber(let offset): "invalid number at byte \(offset)"
        case .invalidString(let why, let offset): "invalid string at byte \(offset): \(why)"
        case .duplicateKey(let key, let offset): "duplicate key \"\(key.prefix(64))\" at byte \(offset)"
        }
    }
}
