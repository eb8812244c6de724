extension Database {
    /// Runs `PRAGMA quick_check` (https://www.sqlite.org/pragma.html#pragma_quick_check): the page
    /// and record structure without index cross-checks. Returns the problems found; `[]` means ok.
    public func quickCheck() async throws -> [String] {
        try await onReader { connection in try Database.checkResult(connection.query("PRAGMA quick_check")) }
    }

    /// Runs `PRAGMA integrity_check` (https://www.sqlite.org/pragma.html#pragma_integrity_check):
    /// everything `quick_check` does plus index/table consistency. Slower. `[]` means ok.
    public func integrityCheck() async throws -> [String] {
        try await onReader { connection in try Database.checkResult(connection.query("PRAGMA integrity_check")) }
    }

    /// Whether a write transaction can start right now, for `/readyz`: `BEGIN IMMEDIATE` takes the
    /// write lock (failing on a read-only file, a held lock past the busy timeout or I/O errors)
    /// and `ROLLBACK` releases it without writing anything.
    public func isWritable() async -> Bool {
        do {
            return try await onWriter { connection in
                try connection.execute("BEGIN IMMEDIATE")
                try connection.execute("ROLLBACK")
                return true
            }
        } catch {
            return false
        }
    }

    /// The number of migrations applied to this database (see ``Migration/all``).
    public func schemaVersion() async throws -> Int {
        try await read { connection in try Migrator.appliedIdentifiers(connection).count }
    }
}
