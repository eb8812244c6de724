import Foundation
import Store

/// Opens the database for a command and turns store failures into CLI errors with clear text.
enum DatabaseOpening {
    /// Opens (creating if needed, migrating) the database at `path`.
    static func open(_ path: String) async throws(CLIError) -> Database {
        do {
            return try await Database.open(at: path)
        } catch {
            throw describe(error)
        }
    }

    /// A CLI error for any error thrown by the store.
    static func describe(_ error: any Error) -> CLIError {
        if let error = error as? CLIError { return error }
        if let error = error as? StoreError { return .failure(error.description) }
        return .failure("\(error)")
    }
}
