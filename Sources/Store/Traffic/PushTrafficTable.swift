import Core
import Foundation

/// SQL for `push_traffic_hourly`: request counts per connection, hour, status, `scimType` and
/// latency bucket. Percentiles are read back from the buckets (an upper bound of the true
/// value, at most one bucket too high), the same trade Prometheus histograms make.
public enum PushTrafficTable {
    /// Upper bounds of the latency buckets in milliseconds; the last one catches everything.
    public static let latencyBucketsMilliseconds = [
        1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, Int(Int32.max),
    ]

    /// One aggregate key with its count.
    public struct Increment: Sendable, Hashable {
        /// The tenant.
        public var tenant: String
        /// The connection.
        public var connectionID: String
        /// Start of the hour, Unix milliseconds.
        public var hour: Int64
        /// HTTP status.
        public var status: Int
        /// `scimType`, or the empty string.
        public var scimType: String
        /// Upper bound of the latency bucket (ms).
        public var latencyBucket: Int

        /// The key a sample is counted under.
        public init(_ sample: PushTrafficSample) {
            tenant = sample.tenant
            connectionID = sample.connectionID
            let milliseconds = Int64((sample.time.timeIntervalSince1970 * 1000).rounded(.down))
            hour = milliseconds - milliseconds % 3_600_000
            status = sample.status
            scimType = String((sample.scimType ?? "").prefix(64))
            let (seconds, attoseconds) = sample.latency.components
            let latency = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
            latencyBucket = PushTrafficTable.latencyBucketsMilliseconds.first { latency <= $0 } ?? Int(Int32.max)
        }
    }

    /// Adds `count` requests under `key`. A key whose connection does not exist (a request to an
    /// unknown tenant or connection) is dropped, so the table only ever holds real connections.
    public static func add(_ key: Increment, count: Int, on connection: SQLiteConnection) throws {
        // An INSERT … SELECT with ON CONFLICT needs a WHERE clause to parse
        // (https://www.sqlite.org/lang_upsert.html "Parsing Ambiguity").
        try connection.execute(
            """
            INSERT INTO push_traffic_hourly (tenant, connection_id, hour, status, scim_type, latency_le_ms, requests)
            SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM connections WHERE tenant = ? AND id = ?)
            ON CONFLICT (tenant, connection_id, hour, status, scim_type, latency_le_ms)
            DO UPDATE SET requests = requests + excluded.requests
            """,
            key.tenant, key.connectionID, key.hour, key.status, key.scimType, key.latencyBucket, count, key.tenant,
            key.connectionID)
    }

    /// One row of a window's traffic.
    public struct Row: Sendable, Equatable {
        /// HTTP status.
        public var status: Int
        /// `scimType`, or the empty string.
        public var scimType: String
        /// Latency bucket upper bound (ms).
        public var latencyBucket: Int
        /// Requests.
        public var requests: Int
    }

    /// The rows of one connection for hours starting in `[from, to)`.
    public static func rows(
        tenant: TenantName, connectionID: String, from: Date, to: Date, on connection: SQLiteConnection
    ) throws -> [Row] {
        let start = Int64((from.timeIntervalSince1970 * 1000).rounded(.down))
        let hourStart = start - start % 3_600_000
        return try connection.query(
            """
            SELECT status, scim_type, latency_le_ms, sum(requests) FROM push_traffic_hourly
            WHERE tenant = ? AND connection_id = ? AND hour >= ? AND hour < ?
            GROUP BY status, scim_type, latency_le_ms ORDER BY status, scim_type, latency_le_ms
            """,
            tenant.rawValue, connectionID, hourStart, to
        ).map {
            Row(
                status: try $0.value(at: 0), scimType: try $0.value(at: 1), latencyBucket: try $0.value(at: 2),
                requests: try $0.value(at: 3))
        }
    }

    /// End of the latest hour with traffic for a connection (nil when it never received a push).
    public static func lastHour(tenant: TenantName, connectionID: String, on connection: SQLiteConnection) throws -> Date? {
        try connection.queryFirst(
            "SELECT max(hour) FROM push_traffic_hourly WHERE tenant = ? AND connection_id = ?",
            tenant.rawValue, connectionID)?.value(at: 0)
    }
}
