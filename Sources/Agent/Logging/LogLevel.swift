/// Severity of a log line; lines below the configured level are dropped.
public enum LogLevel: String, Sendable, Comparable, CaseIterable {
    /// Developer detail.
    case debug
    /// Normal operation, including one line per request.
    case info
    /// Something unexpected that was handled.
    case warning
    /// Something failed.
    case error

    private var rank: Int {
        switch self {
        case .debug: 0
        case .info: 1
        case .warning: 2
        case .error: 3
        }
    }

    /// Orders levels by severity.
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rank < rhs.rank }
}
