import Foundation

/// The `before`/`after` JSON of audit events: a flat object with sorted keys, so the same state
/// always serialises the same way. Callers pass only non-secret fields; token secrets and
/// digests are never handed to this type.
enum AuditJSON {
    /// A JSON object of string (or null) fields.
    static func object(_ fields: [String: String?]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding [String: String?] cannot fail.
        guard let data = try? encoder.encode(fields) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A date as ISO 8601 UTC with milliseconds, e.g. `2025-01-31T12:00:00.123Z`.
    static func time(_ date: Date?) -> String? {
        guard let date else { return nil }
        return date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }
}
