internal import CSQLite

/// Failures of the Store module, as callers (CLI, receiver, reconciler) need to tell them apart.
///
/// Messages name tenants, ids and paths, never secrets or bound SQL values.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The named thing does not exist (in the tenant asked about).
    case notFound(String)
    /// The change conflicts with existing state (e.g. a name already taken).
    case conflict(String)
    /// Another process holds the database lock (another `roster serve`).
    case locked(path: String)
    /// The file is not a database or is damaged.
    case corrupt(path: String, details: String)
    /// The file cannot be opened at all (missing directory, permissions, a directory, I/O error).
    case unreadable(path: String, reason: String)
    /// The database was migrated by a newer Roster: it holds migrations this build does not know.
    case newerSchema(found: Int, supported: Int)
    /// Any other SQLite failure.
    case sqlite(SQLiteError)

    /// A human-readable explanation suitable for stderr and logs.
    public var description: String {
        switch self {
        case .notFound(let what): "not found: \(what)"
        case .conflict(let what): "conflict: \(what)"
        case .locked(let path):
            "database \(path) is locked by another process (is another `roster serve` running?)"
        case .corrupt(let path, let details):
            "database \(path) is corrupt or not a Roster database: \(details). Restore it from a backup."
        case .unreadable(let path, let reason): "cannot open database \(path): \(reason)"
        case .newerSchema(let found, let supported):
            "database schema is newer than this build (\(found) migrations applied, \(supported) known); upgrade Roster"
        case .sqlite(let error): error.description
        }
    }

    /// Classifies a SQLite failure while opening `path`: damaged files become ``corrupt(path:details:)``,
    /// files that cannot be opened or read become ``unreadable(path:reason:)``, the rest ``sqlite(_:)``.
    static func opening(_ path: String, _ error: SQLiteError) -> StoreError {
        if error.isCorruption { return .corrupt(path: path, details: error.message) }
        switch error.code {
        case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_AUTH, SQLITE_NOLFS:
            return .unreadable(path: path, reason: "\(error.message) (SQLite code \(error.extendedCode))")
        default:
            return .sqlite(error)
        }
    }

    /// Classifies a SQLite failure during normal operation: corruption is reported as such so
    /// `/readyz` and the CLI can say so; everything else is wrapped.
    static func operating(_ path: String, _ error: SQLiteError) -> StoreError {
        error.isCorruption ? .corrupt(path: path, details: error.message) : .sqlite(error)
    }
}
