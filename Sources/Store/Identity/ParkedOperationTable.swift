import Core
import Foundation

/// A membership change that named a user Roster does not know yet (out-of-order delivery, or a
/// user lost locally). It is parked, not dropped: applied as soon as that user appears,
/// otherwise resolved or reported by the reconciler (design.md "SCIM receiver rules").
public struct ParkedOperation: Sendable, Equatable {
    /// Row id.
    public let id: Int64
    /// The owning tenant.
    public let tenant: TenantName
    /// The connection that sent it.
    public let connectionID: String
    /// The team it targets.
    public let teamID: String
    /// The user id as sent (a SCIM id Roster did not know).
    public let userRef: String
    /// `add` or `remove`.
    public let operation: String
    /// The request that carried it.
    public let requestID: String?
    /// When it was parked.
    public let createdAt: Date
}

/// SQL for `parked_operations`.
public enum ParkedOperationTable {
    /// Parks `operation` (`add`/`remove`) of `userRef` in `teamID`. An open parked operation for
    /// the same team and user is superseded (resolved as `superseded`), so only the latest intent
    /// survives.
    public static func park(
        tenant: TenantName, connectionID: String, teamID: String, userRef: String, operation: String,
        requestID: String?, at time: Date, on connection: SQLiteConnection
    ) throws {
        try connection.execute(
            """
            UPDATE parked_operations SET resolved_at = ?, resolution = 'superseded'
            WHERE tenant = ? AND connection_id = ? AND user_ref = ? AND team_id = ? AND resolved_at IS NULL
            """,
            time, tenant.rawValue, connectionID, userRef, teamID)
        try connection.execute(
            """
            INSERT INTO parked_operations (tenant, connection_id, team_id, user_ref, op, request_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            tenant.rawValue, connectionID, teamID, userRef, operation, requestID, time)
    }

    /// Open parked operations naming `userRef` in the connection, oldest first.
    public static func open(
        tenant: TenantName, connectionID: String, userRef: String, on connection: SQLiteConnection
    ) throws -> [ParkedOperation] {
        try connection.query(
            """
            SELECT id, team_id, op, request_id, created_at FROM parked_operations
            WHERE tenant = ? AND connection_id = ? AND user_ref = ? AND resolved_at IS NULL ORDER BY id
            """,
            tenant.rawValue, connectionID, userRef
        ).map { row in
            ParkedOperation(
                id: try row.value("id"), tenant: tenant, connectionID: connectionID, teamID: try row.value("team_id"),
                userRef: userRef, operation: try row.value("op"), requestID: try row.value("request_id"),
                createdAt: try row.value("created_at"))
        }
    }

    /// Every open parked operation of the connection, oldest first (the reconciler's view).
    public static func open(
        tenant: TenantName, connectionID: String, on connection: SQLiteConnection
    ) throws -> [ParkedOperation] {
        try connection.query(
            """
            SELECT id, team_id, user_ref, op, request_id, created_at FROM parked_operations
            WHERE tenant = ? AND connection_id = ? AND resolved_at IS NULL ORDER BY id
            """,
            tenant.rawValue, connectionID
        ).map { row in
            ParkedOperation(
                id: try row.value("id"), tenant: tenant, connectionID: connectionID, teamID: try row.value("team_id"),
                userRef: try row.value("user_ref"), operation: try row.value("op"),
                requestID: try row.value("request_id"), createdAt: try row.value("created_at"))
        }
    }

    /// Open parked operations of `teamID`, oldest first.
    public static func open(tenant: TenantName, teamID: String, on connection: SQLiteConnection) throws -> [ParkedOperation] {
        try connection.query(
            """
            SELECT id, connection_id, user_ref, op, request_id, created_at FROM parked_operations
            WHERE tenant = ? AND team_id = ? AND resolved_at IS NULL ORDER BY id
            """,
            tenant.rawValue, teamID
        ).map { row in
            ParkedOperation(
                id: try row.value("id"), tenant: tenant, connectionID: try row.value("connection_id"), teamID: teamID,
                userRef: try row.value("user_ref"), operation: try row.value("op"),
                requestID: try row.value("request_id"), createdAt: try row.value("created_at"))
        }
    }

    /// Whether an open parked `operation` of `userRef` in `teamID` exists (a replayed push must
    /// not park the same intent twice).
    public static func hasOpen(
        tenant: TenantName, teamID: String, userRef: String, operation: String, on connection: SQLiteConnection
    ) throws -> Bool {
        try connection.queryFirst(
            """
            SELECT 1 FROM parked_operations
            WHERE tenant = ? AND team_id = ? AND user_ref = ? AND op = ? AND resolved_at IS NULL
            """,
            tenant.rawValue, teamID, userRef, operation) != nil
    }

    /// Whether the tenant has any open parked operation at all: when it has none, a writer that
    /// holds the write transaction can skip every per-member supersede and lookup.
    public static func hasAnyOpen(tenant: TenantName, on connection: SQLiteConnection) throws -> Bool {
        try connection.queryFirst(
            "SELECT 1 FROM parked_operations WHERE tenant = ? AND resolved_at IS NULL LIMIT 1", tenant.rawValue) != nil
    }

    /// Ends every open parked operation of `teamID` in the connection naming one of `userRefs`
    /// (a later explicit change of the same member supersedes it).
    public static func supersede(
        tenant: TenantName, teamID: String, userRef: String, at time: Date, on connection: SQLiteConnection
    ) throws {
        try connection.execute(
            """
            UPDATE parked_operations SET resolved_at = ?, resolution = 'superseded'
            WHERE tenant = ? AND team_id = ? AND user_ref = ? AND resolved_at IS NULL
            """,
            time, tenant.rawValue, teamID, userRef)
    }

    /// Marks parked operation `id` resolved with `resolution` (e.g. `applied`, `expired`).
    public static func resolve(
        id: Int64, tenant: TenantName, resolution: String, at time: Date, on connection: SQLiteConnection
    ) throws {
        try connection.execute(
            "UPDATE parked_operations SET resolved_at = ?, resolution = ? WHERE tenant = ? AND id = ? AND resolved_at IS NULL",
            time, resolution, tenant.rawValue, id)
    }

    /// Number of open parked operations of the tenant.
    public static func openCount(tenant: TenantName, on connection: SQLiteConnection) throws -> Int {
        try connection.queryFirst(
            "SELECT count(*) FROM parked_operations WHERE tenant = ? AND resolved_at IS NULL", tenant.rawValue)!
            .value(at: 0, as: Int.self)
    }
}
