/// The top-level members of a serialised JSON object, as keys and byte ranges of their raw
/// values, found without building a ``JSONValue`` tree.
///
/// For hot read paths that copy stored JSON into a response (a SCIM GET renders the stored
/// attribute blob): the values are spliced in as bytes instead of being parsed and serialised
/// again. The scanner checks structure (strings, escapes, nesting) but not every value's
/// grammar; it is meant for JSON that Roster itself serialised. It returns nil for anything
/// that is not a single object, and callers then fall back to the full parser.
public enum JSONObjectMembers {
    /// One member: its decoded key and the byte range of its value in the input.
    public struct Member: Sendable {
        /// The key, unescaped.
        public let key: String
        /// Where the value's raw bytes are in the scanned input.
        public let value: Range<Int>
    }

    /// Scans `bytes`, which must hold exactly one JSON object (whitespace allowed around tokens).
    public static func scan(_ bytes: [UInt8]) -> [Member]? {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(bytes: buffer)
            return scanner.object()
        }
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func object() -> [Member]? {
            skipWhitespace()
            guard take(UInt8(ascii: "{")) else { return nil }
            var members: [Member] = []
            skipWhitespace()
            if take(UInt8(ascii: "}")) { return finished() ? members : nil }
            while true {
                skipWhitespace()
                guard let key = key() else { return nil }
                skipWhitespace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipWhitespace()
                let start = position
                guard skipValue(depth: 0) else { return nil }
                members.append(Member(key: key, value: start..<position))
                skipWhitespace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { return nil }
                return finished() ? members : nil
            }
        }

        private mutating func finished() -> Bool {
            skipWhitespace()
            return position == bytes.count
        }

        /// A member key: decoded directly when it has no escapes, else through the full parser.
        private mutating func key() -> String? {
            let start = position
            guard let hasEscapes = skipString() else { return nil }
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<position])
            if !hasEscapes { return String(decoding: UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast()), as: UTF8.self) }
            return (try? JSONValue.parse(String(decoding: raw, as: UTF8.self)))?.stringValue
        }

        /// Skips a string starting at `position`; returns whether it contained escapes, nil if unterminated.
        private mutating func skipString() -> Bool? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var hasEscapes = false
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                if byte == UInt8(ascii: "\"") { return hasEscapes }
                if byte == UInt8(ascii: "\\") {
                    hasEscapes = true
                    position += 1
                } else if byte < 0x20 {
                    return nil
                }
            }
            return nil
        }

        private mutating func skipValue(depth: Int) -> Bool {
            guard depth < 512, position < bytes.count else { return false }
            switch bytes[position] {
            case UInt8(ascii: "\""): return skipString() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = bytes[position] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                let isObject = close == UInt8(ascii: "}")
                position += 1
                skipWhitespace()
                if take(close) { return true }
                while true {
                    skipWhitespace()
                    if isObject {
                        guard skipString() != nil else { return false }
                        skipWhitespace()
                        guard take(UInt8(ascii: ":")) else { return false }
                        skipWhitespace()
                    }
                    guard skipValue(depth: depth + 1) else { return false }
                    skipWhitespace()
                    if take(UInt8(ascii: ",")) { continue }
                    return take(close)
                }
            default:
                // A number or literal: up to the next delimiter.
                let start = position
                while position < bytes.count {
                    switch bytes[position] {
                    case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D: break
                    default:
                        position += 1
                        continue
                    }
                    break
                }
                return position > start
            }
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        private mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }
    }
}
