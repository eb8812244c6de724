import Core
import Foundation

extension Directory {
    /// Creates the tenant `name`.
    /// - Throws: ``StoreError/conflict(_:)`` if it already exists.
    public func createTenant(_ name: TenantName, requestID: String?) async throws -> Tenant {
        let tenant = Tenant(name: name, createdAt: now())
        return try await database.write { connection in
            // Checked inside the IMMEDIATE transaction: no other writer can slip in between.
            if try connection.queryFirst("SELECT 1 FROM tenants WHERE name = ?", name.rawValue) != nil {
                throw StoreError.conflict("tenant '\(name)' already exists")
            }
            try connection.execute(
                "INSERT INTO tenants (name, created_at) VALUES (?, ?)", name.rawValue, tenant.createdAt)
            try AuditRecorder.append(
                AuditEvent(
                    time: tenant.createdAt, tenant: name, connectionID: nil, actor: .admin, requestID: requestID,
                    action: "tenant.created", subjectType: "tenant", subjectID: name.rawValue, before: nil,
                    after: tenant.auditJSON),
                on: connection)
            return tenant
        }
    }

    /// All tenants, sorted by name.
    public func tenants() async throws -> [Tenant] {
        try await database.read { connection in
            try connection.query("SELECT name, created_at FROM tenants ORDER BY name").map(Tenant.init(row:))
        }
    }

    /// The tenant named `name`, or nil.
    public func tenant(named name: TenantName) async throws -> Tenant? {
        try await database.read { connection in
            try connection.queryFirst("SELECT name, created_at FROM tenants WHERE name = ?", name.rawValue)
                .map(Tenant.init(row:))
        }
    }
}

extension Tenant {
    /// Decodes a `tenants` row.
    init(row: Row) throws {
        self.init(name: try row.tenantName("name"), createdAt: try row.value("created_at"))
    }

    /// The audit snapshot of a tenant.
    var auditJSON: String {
        AuditJSON.object(["name": name.rawValue, "createdAt": AuditJSON.time(createdAt)])
    }
}
