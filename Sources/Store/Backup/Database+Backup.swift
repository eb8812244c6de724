import Foundation

extension Database {
    /// Writes a consistent copy of this open database to `destination` (``DatabaseBackup``),
    /// on a pool reader so `serve`'s writes go on meanwhile (WAL readers never block the writer).
    /// Used by `serve`'s scheduled backups.
    public func backup(to destination: String, overwrite: Bool = false) async throws -> DatabaseBackup.Summary {
        let source = path
        if !overwrite, FileManager.default.fileExists(atPath: destination) {
            throw BackupError.destinationExists(path: destination)
        }
        try DatabaseBackup.refuseSameFile(source, destination)
        return try await onReader { connection in
            try DatabaseBackup.copy(from: connection, sourcePath: source, to: destination, overwrite: overwrite)
        }
    }
}
