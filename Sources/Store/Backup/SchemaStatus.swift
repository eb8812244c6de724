/// Which migrations a database file holds, compared with the ones this build knows.
public struct SchemaStatus: Sendable, Equatable {
    /// Identifiers recorded in the file's `schema_migrations`, sorted.
    public let applied: [String]
    /// Whether the file has a `schema_migrations` table at all (false: not a Roster database).
    public let isRosterDatabase: Bool

    /// Creates a status.
    public init(applied: [String], isRosterDatabase: Bool) {
        self.applied = applied
        self.isRosterDatabase = isRosterDatabase
    }

    /// The schema version of the file: the number of migrations applied (see ``Migration/all``).
    public var version: Int { applied.count }

    /// The schema version this build migrates to.
    public static var latestVersion: Int { Migration.all.count }

    /// The identifier of the newest migration this build knows.
    public static var latestIdentifier: String { Migration.all.last?.identifier ?? "none" }

    /// Whether the file holds a migration this build does not know, i.e. a newer Roster wrote it
    /// (the same rule as ``StoreError/newerSchema(found:supported:)`` at open).
    public var isNewer: Bool {
        let known = Set(Migration.all.map(\.identifier))
        return !Set(applied).isSubset(of: known)
    }

    /// Whether the file is behind this build (it will be migrated at the next open).
    public var isOlder: Bool { !isNewer && applied.count < Migration.all.count }

    /// Reads the status over an open connection.
    static func read(_ connection: SQLiteConnection) throws -> SchemaStatus {
        let exists = try connection.queryFirst(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'") != nil
        guard exists else { return SchemaStatus(applied: [], isRosterDatabase: false) }
        return SchemaStatus(applied: try Migrator.appliedIdentifiers(connection).sorted(), isRosterDatabase: true)
    }
}
