import Core
import Foundation

/// A team row: a group pushed by one connection. Members live in `memberships`, never in this
/// record, so a 100,000-member team is never rewritten as a whole.
public struct TeamRecord: Sendable, Equatable {
    /// Roster's id (the SCIM Group `id`).
    public var id: String
    /// The owning tenant.
    public var tenant: TenantName
    /// The connection that pushed the group.
    public var connectionID: String
    /// The IdP's id for the group, if sent.
    public var externalID: String?
    /// `displayName` exactly as sent.
    public var displayName: String
    /// Canonical display name for case-insensitive `displayName eq` lookups.
    public var displayNameCanonical: String
    /// Other SCIM attributes (JSON object), e.g. extension attributes.
    public var attributes: String
    /// When a SCIM DELETE archived the team.
    public var archivedAt: Date?
    /// Creation time.
    public var createdAt: Date
    /// Last change time (including membership changes).
    public var updatedAt: Date
    /// Incremented on every change, membership changes included; drives the ETag.
    public var version: Int

    /// Creates a record.
    public init(
        id: String, tenant: TenantName, connectionID: String, externalID: String?, displayName: String,
        displayNameCanonical: String, attributes: String = "{}", archivedAt: Date? = nil, createdAt: Date,
        updatedAt: Date, version: Int = 1
    ) {
        self.id = id
        self.tenant = tenant
        self.connectionID = connectionID
        self.externalID = externalID
        self.displayName = displayName
        self.displayNameCanonical = displayNameCanonical
        self.attributes = attributes
        self.archivedAt = archivedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// Which teams a listing selects, each served by an index.
public enum TeamSelection: Sendable, Equatable {
    /// Every non-archived team of the connection.
    case all
    /// By SCIM id.
    case id(String)
    /// By canonical displayName.
    case displayName(canonical: String)
    /// By externalId (case-exact).
    case externalID(String)
}

/// SQL for the `teams` table; same conventions as ``UserTable``.
public enum TeamTable {
    /// The `SELECT` column list that ``record(_:)`` reads.
    static let columns = """
        id, tenant, connection_id, external_id, display_name, display_name_canonical, attributes, archived_at, \
        created_at, updated_at, version
        """

    /// The team `id` of the connection; archived ones only when `includeArchived`.
    public static func find(
        tenant: TenantName, connectionID: String, id: String, includeArchived: Bool = false,
        on connection: SQLiteConnection
    ) throws -> TeamRecord? {
        let sql = "SELECT \(columns) FROM teams WHERE tenant = ? AND connection_id = ? AND id = ?"
            + (includeArchived ? "" : " AND archived_at IS NULL")
        return try connection.queryFirst(sql, tenant.rawValue, connectionID, id).map(record)
    }

    /// The team of the connection with `externalID`, archived or not.
    public static func find(
        tenant: TenantName, connectionID: String, externalID: String, on connection: SQLiteConnection
    ) throws -> TeamRecord? {
        try connection.queryFirst(
            "SELECT \(columns) FROM teams WHERE tenant = ? AND connection_id = ? AND external_id = ?",
            tenant.rawValue, connectionID, externalID
        ).map(record)
    }

    /// Inserts a team.
    public static func insert(_ team: TeamRecord, on connection: SQLiteConnection) throws {
        try connection.execute(
            "INSERT INTO teams (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            team.id, team.tenant.rawValue, team.connectionID, team.externalID, team.displayName,
            team.displayNameCanonical, team.attributes, team.archivedAt, team.createdAt, team.updatedAt, team.version)
    }

    /// Writes every mutable column of `team`.
    public static func update(_ team: TeamRecord, on connection: SQLiteConnection) throws {
        try connection.execute(
            """
            UPDATE teams SET external_id = ?, display_name = ?, display_name_canonical = ?, attributes = ?,
                archived_at = ?, updated_at = ?, version = ?
            WHERE tenant = ? AND id = ?
            """,
            team.externalID, team.displayName, team.displayNameCanonical, team.attributes, team.archivedAt,
            team.updatedAt, team.version, team.tenant.rawValue, team.id)
    }

    /// Non-archived teams of the connection matching `selection`, in stable order, with the total.
    public static func list(
        tenant: TenantName, connectionID: String, selection: TeamSelection, offset: Int, limit: Int,
        on connection: SQLiteConnection
    ) throws -> (total: Int, teams: [TeamRecord]) {
        var condition = "tenant = ? AND connection_id = ? AND archived_at IS NULL"
        var arguments: [any SQLiteValueConvertible] = [tenant.rawValue, connectionID]
        switch selection {
        case .all: break
        case .id(let id):
            condition += " AND id = ?"
            arguments.append(id)
        case .displayName(let canonical):
            condition += " AND display_name_canonical = ?"
            arguments.append(canonical)
        case .externalID(let externalID):
            condition += " AND external_id = ?"
            arguments.append(externalID)
        }
        let total = try connection.queryFirst("SELECT count(*) FROM teams WHERE \(condition)", arguments: arguments)!
            .value(at: 0, as: Int.self)
        guard limit > 0, offset < total else { return (total, []) }
        let rows = try connection.query(
            "SELECT \(columns) FROM teams WHERE \(condition) ORDER BY rowid LIMIT ? OFFSET ?",
            arguments: arguments + [limit, offset])
        return (total, try rows.map(record))
    }

    /// The team in `row`, which must hold ``columns``.
    /// - Throws: when a column is missing or the stored tenant name is invalid.
    static func record(_ row: Row) throws -> TeamRecord {
        let tenantText: String = try row.value("tenant")
        guard let tenant = TenantName(rawValue: tenantText) else {
            throw SQLiteError.misuse("stored tenant name '\(tenantText)' is invalid")
        }
        return TeamRecord(
            id: try row.value("id"), tenant: tenant, connectionID: try row.value("connection_id"),
            externalID: try row.value("external_id"), displayName: try row.value("display_name"),
            displayNameCanonical: try row.value("display_name_canonical"), attributes: try row.value("attributes"),
            archivedAt: try row.value("archived_at"), createdAt: try row.value("created_at"),
            updatedAt: try row.value("updated_at"), version: try row.value("version"))
    }
}
