import Foundation
import Store

/// Opens the database for a command and turns store failures into CLI errors with clear text.
enum DatabaseOpening {
    /// Opens (creating if needed, migrating) the database at `path`. `serve` checks integrity
    /// first; admin commands skip the full-file `quick_check` to stay fast on large databases.
    static func open(_ path: String, checkIntegrity: Bool = false) async throws(CLIError) -> Database {
        do {
            return try await Database.open(at: path, readers: checkIntegrity ? 4 : 1, checkIntegrity: checkIntegrity)
        } catch {
            throw describe(error)
        }
    }

    /// A CLI error for any error thrown by the store.
    static func describe(_ error: any Error) -> CLIError {
        if let error = error as? CLIError { return error }
        if case StoreError.newerSchema(let found, let supported)? = error as? StoreError {
            // Forward-only migrations: an older build must never write a newer schema.
            return .failure(
                "the database was written by a newer Roster (schema \(found); roster \(BuildInfo.version) knows schema \(supported)); refusing to open it. Upgrade Roster, or restore a backup made by this version")
        }
        if let error = error as? StoreError { return .failure(error.description) }
        return .failure("\(error)")
    }
}
