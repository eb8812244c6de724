import Core

/// Reads the append-only audit trail of a tenant, in commit order. The `seq` of the last event
/// read is the cursor for the next page (the change feed's `after=`).
public final class AuditLog: Sendable {
    /// The largest page ``events(tenant:after:limit:)`` returns.
    public static let maximumLimit = 1000

    private let database: Database

    /// Creates a reader over `database`.
    public init(database: Database) {
        self.database = database
    }

    /// The tenant's events with a sequence number greater than `after` (all if nil), oldest first,
    /// at most `limit` (clamped to 1…``maximumLimit``). Served by the `(tenant, seq)` index.
    public func events(tenant: TenantName, after: Int64?, limit: Int) async throws -> [AuditEvent] {
        let limit = min(max(limit, 1), Self.maximumLimit)
        return try await database.read { connection in
            try connection.query(
                "SELECT \(AuditEvent.columns) FROM audit_events WHERE tenant = ? AND seq > ? ORDER BY seq LIMIT ?",
                tenant.rawValue, after ?? 0, limit
            ).map(AuditEvent.init(row:))
        }
    }
}
