import Core

/// Prepares a refused request's body for the rejected-request ring: every `password` member
/// removed (any depth, any letter case), anything that looks like one of our tokens removed,
/// non-JSON bodies summarised rather than kept (they could hide a password), and a size cap.
enum RejectedBodyRedactor {
    /// The redacted text.
    static func redact(_ body: [UInt8], maximumBytes: Int) -> String {
        guard !body.isEmpty else { return "" }
        guard let json = try? JSONValue.parse(body, maxDepth: 64, maxBytes: 1 << 20) else {
            return "<not stored: \(body.count) bytes that are not valid JSON>"
        }
        var text = String(decoding: scrub(json).serialized(), as: UTF8.self)
        if text.utf8.count > maximumBytes {
            text = String(decoding: Array(text.utf8.prefix(maximumBytes)), as: UTF8.self) + "…<truncated>"
        }
        return text
    }

    private static func scrub(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            var kept: [String: JSONValue] = [:]
            for (key, member) in members where key.lowercased() != "password" { kept[key] = scrub(member) }
            return .object(kept)
        case .array(let items):
            return .array(items.map(scrub))
        case .string(let text) where text.hasPrefix("rst_") || text.lowercased().hasPrefix("bearer "):
            return .string("<redacted>")
        default:
            return value
        }
    }
}
