import Core
import Foundation

/// Small formatting helpers shared by the renderers.
enum ReportFormatting {
    /// `a=1, b=2` in key order, or `-` when empty.
    static func counts(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "-" : counts.keys.sorted().map { "\($0)=\(counts[$0]!)" }.joined(separator: ", ")
    }

    /// `12 ms`, or `-`.
    static func milliseconds(_ value: Int?) -> String {
        guard let value else { return "-" }
        return value >= Int(Int32.max) ? "> 10 s" : "≤ \(value) ms"
    }

    /// `1.5 s`, or `-`.
    static func seconds(_ value: Double?) -> String {
        guard let value else { return "-" }
        return String(format: "%.1f s", value)
    }

    /// RFC 3339 UTC.
    static func time(_ date: Date) -> String { RFC3339.format(date) }
}
