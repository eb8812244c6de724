import Core
import Crypto
import Foundation

extension Directory {
    /// Length of a connection id: 20 characters of `a-z0-9` (~103 bits), no `_` (Okta refuses it
    /// in SCIM base URLs, okta-protocol.md §A1).
    public static let connectionIDLength = 20

    /// Creates a connection named `name` in `tenant`, with a random id.
    /// - Throws: `DomainError.invalidConnectionName` for a bad name; ``StoreError/notFound(_:)`` if
    ///   the tenant does not exist; ``StoreError/conflict(_:)`` if the name is taken in the tenant.
    public func createConnection(
        tenant: TenantName, name: String, idp: IdentityProvider, requestID: String?
    ) async throws -> Connection {
        try Connection.validateName(name)
        let connectionValue = Connection(
            id: try SecureRandom.identifier(length: Self.connectionIDLength), tenant: tenant, name: name, idp: idp,
            createdAt: now())
        return try await database.write { connection in
            try Self.requireTenant(tenant, on: connection)
            let taken = try connection.queryFirst(
                "SELECT 1 FROM connections WHERE tenant = ? AND name = ?", tenant.rawValue, name)
            if taken != nil { throw StoreError.conflict("connection '\(name)' already exists in tenant '\(tenant)'") }
            try connection.execute(
                "INSERT INTO connections (id, tenant, name, idp, created_at) VALUES (?, ?, ?, ?, ?)",
                connectionValue.id, tenant.rawValue, name, idp.rawValue, connectionValue.createdAt)
            try AuditRecorder.append(
                AuditEvent(
                    time: connectionValue.createdAt, tenant: tenant, connectionID: connectionValue.id, actor: .admin,
                    requestID: requestID, action: "connection.created", subjectType: "connection",
                    subjectID: connectionValue.id, before: nil, after: connectionValue.auditJSON),
                on: connection)
            return connectionValue
        }
    }

    /// The connections of `tenant`, or of all tenants when nil, sorted by (tenant, name).
    public func connections(tenant: TenantName?) async throws -> [Connection] {
        try await database.read { connection in
            let rows =
                if let tenant {
                    try connection.query(
                        "SELECT \(Connection.columns) FROM connections WHERE tenant = ? ORDER BY name", tenant.rawValue)
                } else {
                    try connection.query("SELECT \(Connection.columns) FROM connections ORDER BY tenant, name")
                }
            return try rows.map(Connection.init(row:))
        }
    }

    /// The connection `id` of `tenant`, or nil (also when `id` belongs to another tenant).
    public func connection(tenant: TenantName, id: String) async throws -> Connection? {
        try await database.read { connection in
            try connection.queryFirst(
                "SELECT \(Connection.columns) FROM connections WHERE tenant = ? AND id = ?", tenant.rawValue, id
            ).map(Connection.init(row:))
        }
    }
}

extension Connection {
    /// The columns ``init(row:)`` reads.
    static let columns = "id, tenant, name, idp, created_at"

    /// Decodes a `connections` row.
    init(row: Row) throws {
        guard let idp = IdentityProvider(rawValue: try row.value("idp")) else {
            throw SQLiteError.mismatch("column 'idp': unknown identity provider")
        }
        self.init(
            id: try row.value("id"), tenant: try row.tenantName("tenant"), name: try row.value("name"), idp: idp,
            createdAt: try row.value("created_at"))
    }

    /// The audit snapshot of a connection.
    var auditJSON: String {
        AuditJSON.object([
            "id": id, "tenant": tenant.rawValue, "name": name, "idp": idp.rawValue,
            "createdAt": AuditJSON.time(createdAt),
        ])
    }
}
