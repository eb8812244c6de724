import Core
import Foundation

/// A SCIM request Roster refused, kept (redacted) so an admin can see exactly what was sent.
public struct RejectedRequest: Sendable, Equatable {
    /// Row id.
    public var id: Int64?
    /// When it was answered.
    public var time: Date
    /// The tenant of the path.
    public var tenant: TenantName
    /// The connection of the path.
    public var connectionID: String
    /// The request id.
    public var requestID: String?
    /// Method and route pattern, e.g. `PATCH /Users/:id`.
    public var method: String
    /// The route pattern (never the query string, which may carry personal data).
    public var route: String
    /// The status answered.
    public var status: Int
    /// The SCIM `scimType`, if any.
    public var scimType: String?
    /// The error detail sent back.
    public var detail: String?
    /// The body as received, with every `password` value and anything token-like removed, cut
    /// to ``RejectedRequestTable/maximumBodyBytes``.
    public var body: String

    /// Creates a record.
    public init(
        id: Int64? = nil, time: Date, tenant: TenantName, connectionID: String, requestID: String?, method: String,
        route: String, status: Int, scimType: String?, detail: String?, body: String
    ) {
        self.id = id
        self.time = time
        self.tenant = tenant
        self.connectionID = connectionID
        self.requestID = requestID
        self.method = method
        self.route = route
        self.status = status
        self.scimType = scimType
        self.detail = detail
        self.body = body
    }
}

/// The bounded ring of rejected requests (issue 7): at most ``capacityPerTenant`` rows per
/// tenant, the oldest dropped on insert.
public enum RejectedRequestTable {
    /// Rows kept per tenant.
    public static let capacityPerTenant = 1000
    /// Longest body kept.
    public static let maximumBodyBytes = 16 * 1024

    /// Appends `request` and trims the tenant's ring.
    public static func append(_ request: RejectedRequest, on connection: SQLiteConnection) throws {
        try connection.execute(
            """
            INSERT INTO rejected_requests
                (time, tenant, connection_id, request_id, method, route, status, scim_type, detail, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            request.time, request.tenant.rawValue, request.connectionID, request.requestID, request.method,
            request.route, request.status, request.scimType, request.detail, request.body)
        try connection.execute(
            """
            DELETE FROM rejected_requests WHERE tenant = ? AND id <= (
                SELECT id FROM rejected_requests WHERE tenant = ? ORDER BY id DESC LIMIT 1 OFFSET ?)
            """,
            request.tenant.rawValue, request.tenant.rawValue, capacityPerTenant)
    }

    /// The newest `limit` rejected requests of `tenant`, newest first.
    public static func recent(tenant: TenantName, limit: Int, on connection: SQLiteConnection) throws -> [RejectedRequest] {
        try connection.query(
            """
            SELECT id, time, connection_id, request_id, method, route, status, scim_type, detail, body
            FROM rejected_requests WHERE tenant = ? ORDER BY id DESC LIMIT ?
            """,
            tenant.rawValue, limit
        ).map { row in
            RejectedRequest(
                id: try row.value("id"), time: try row.value("time"), tenant: tenant,
                connectionID: try row.value("connection_id"), requestID: try row.value("request_id"),
                method: try row.value("method"), route: try row.value("route"), status: try row.value("status"),
                scimType: try row.value("scim_type"), detail: try row.value("detail"), body: try row.value("body"))
        }
    }
}
