/// Why a backup or restore was refused or failed. Every case names the file concerned and what
/// to do, since these messages are read by an operator at a terminal.
public enum BackupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The backup's destination already exists and overwriting was not asked for.
    case destinationExists(path: String)
    /// The file to back up or restore from does not exist.
    case missing(path: String)
    /// Source and destination are the same file.
    case sameFile(path: String)
    /// The file is a SQLite database but not one Roster made (no `schema_migrations`).
    case notRosterDatabase(path: String)
    /// `PRAGMA integrity_check` found problems (the first few are listed).
    case failedIntegrityCheck(path: String, problems: [String])
    /// The file was migrated by a newer Roster than this build.
    case newerSchema(path: String, applied: Int, known: Int)
    /// A file-system step failed (`link`, `rename`, `fsync`, …).
    case fileSystem(operation: String, path: String, reason: String)
    /// SQLite failed while copying or checking; the message says where.
    case sqlite(path: String, message: String)

    /// One line for stderr.
    public var description: String {
        switch self {
        case .destinationExists(let path):
            "\(path) already exists; choose another file or pass --force to replace it"
        case .missing(let path): "\(path) does not exist"
        case .sameFile(let path): "\(path) is the live database itself; restore from a backup file"
        case .notRosterDatabase(let path):
            "\(path) is not a Roster database (it has no schema_migrations table)"
        case .failedIntegrityCheck(let path, let problems):
            "\(path) fails PRAGMA integrity_check: \(problems.prefix(3).joined(separator: "; "))"
        case .newerSchema(let path, let applied, let known):
            "\(path) was written by a newer Roster (schema \(applied), this build knows \(known)); upgrade Roster first"
        case .fileSystem(let operation, let path, let reason): "\(operation) \(path) failed: \(reason)"
        case .sqlite(let path, let message): "\(path): \(message)"
        }
    }
}
