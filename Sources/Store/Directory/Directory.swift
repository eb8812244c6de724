import Core
import Foundation

/// The admin-facing repository: tenants, connections and API tokens, with their audit trail.
///
/// Every state change runs in one write transaction together with its `audit_events` row (actor
/// `admin`), so a change is never visible without its audit record. Reads use the reader pool.
/// Every lookup of a tenant-owned row is keyed by the tenant as well as the id, so one tenant's
/// ids behave in another tenant exactly like unknown ids (design.md "tenant" row).
///
/// `Sendable`: its properties are immutable and `Sendable`.
public final class Directory: Sendable {
    /// The underlying database.
    public let database: Database
    /// The source of timestamps for records and audit events.
    let clock: any Core.Clock

    /// Creates a repository over `database`; `clock` is injectable for tests.
    public init(database: Database, clock: any Core.Clock = SystemClock()) {
        self.database = database
        self.clock = clock
    }

    /// "Now", truncated to the millisecond precision the database stores, so values returned from
    /// a create compare equal to the same values read back later.
    func now() -> Date {
        Date(unixMilliseconds: clock.now().unixMilliseconds)
    }
}

extension Directory {
    /// Throws ``StoreError/notFound(_:)`` unless `tenant` exists. Call inside a transaction.
    static func requireTenant(_ tenant: TenantName, on connection: SQLiteConnection) throws {
        guard try connection.queryFirst("SELECT 1 FROM tenants WHERE name = ?", tenant.rawValue) != nil else {
            throw StoreError.notFound("tenant '\(tenant)'")
        }
    }
}
