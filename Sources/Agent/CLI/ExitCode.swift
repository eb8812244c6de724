/// Process exit statuses, following BSD `sysexits.h` where one fits (design.md "Interfaces":
/// usage errors exit 64).
public enum ExitCode: Int32, Sendable {
    /// Success.
    case success = 0
    /// A runtime failure: database unreadable, conflict, not found, server could not start.
    case failure = 1
    /// The command line was wrong (`EX_USAGE`).
    case usage = 64
    /// The configuration file is missing, unreadable or invalid (`EX_CONFIG`).
    case config = 78
}
