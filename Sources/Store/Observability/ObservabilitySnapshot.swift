import Foundation

/// Values for `/metrics` that live in the database, read at scrape time in one snapshot so the
/// request path never counts them.
public struct ObservabilitySnapshot: Sendable {
    /// Users per tenant that are not deleted, split by access.
    public var users: [(tenant: String, active: Int, inactive: Int)] = []
    /// Non-archived teams per tenant.
    public var teams: [(tenant: String, count: Int)] = []
    /// Open parked operations per tenant.
    public var parkedOpen: [(tenant: String, count: Int)] = []
    /// Each active token's last use (nil when never used).
    public var tokens: [(tenant: String, id: String, kind: String, lastUsed: Date?)] = []
    /// Reconcile runs per connection and outcome (`running` while unfinished).
    public var reconcileRuns: [(tenant: String, connection: String, outcome: String, count: Int)] = []
    /// End of the last successful run per connection.
    public var reconcileLastSuccess: [(tenant: String, connection: String, time: Date)] = []
    /// Durations (seconds) of the most recent finished runs, for the duration histogram.
    public var reconcileDurations: [(tenant: String, connection: String, seconds: Double)] = []
    /// Okta API calls and rate-limit waits per connection, summed over runs.
    public var reconcileCalls: [(tenant: String, connection: String, apiCalls: Int, rateLimitWaits: Int)] = []
    /// Per-kind sums of the runs' `counts` objects (drift and actions by kind).
    public var reconcileCounts: [(tenant: String, connection: String, kind: String, count: Int)] = []
    /// The outcome of each connection's latest finished run and the Okta error code it failed
    /// with, if one can be read from its error (`invalid_client`, `E0000006`, …).
    public var reconcileLatest: [(tenant: String, connection: String, outcome: String, errorCode: String?)] = []
    /// Mail outbox messages by state (`queued`, `sending`, `sent`, `failed`) and kind.
    public var mailOutbox: [(state: String, kind: String, count: Int)] = []
    /// Delivery attempts that failed so far (retries of messages not yet sent, plus failed ones).
    public var mailFailedAttempts = 0
    /// Rejected request bodies kept per tenant.
    public var rejectedKept: [(tenant: String, count: Int)] = []
    /// Size of the main database file in bytes.
    public var databaseBytes = 0
    /// Size of the write-ahead log in bytes.
    public var walBytes = 0

    /// An empty snapshot.
    public init() {}
}

/// Reads an ``ObservabilitySnapshot``.
public enum ObservabilityQueries {
    /// The first Okta error code in a run's error text: an OAuth error (RFC 6749 §5.2) or an
    /// Okta API `errorCode` such as `E0000006` (okta-protocol.md C4).
    public static func oktaErrorCode(in text: String) -> String? {
        for code in ["invalid_client", "invalid_scope", "unauthorized_client", "invalid_grant", "invalid_dpop_proof"]
        where text.contains(code) {
            return code
        }
        guard let start = text.range(of: #"E0\d{6}"#, options: .regularExpression) else { return nil }
        return String(text[start])
    }

    /// How many recent runs feed the duration histogram.
    static let durationWindow = 1000

    /// Reads the snapshot on `connection`; `path` locates the WAL file.
    public static func snapshot(path: String, on connection: SQLiteConnection) throws -> ObservabilitySnapshot {
        var snapshot = ObservabilitySnapshot()
        snapshot.users = try connection.query(
            """
            SELECT tenant, sum(active), sum(1 - active) FROM users WHERE deleted_at IS NULL
            GROUP BY tenant ORDER BY tenant
            """
        ).map { (try $0.value(at: 0), try $0.value(at: 1), try $0.value(at: 2)) }
        snapshot.teams = try connection.query(
            "SELECT tenant, count(*) FROM teams WHERE archived_at IS NULL GROUP BY tenant ORDER BY tenant"
        ).map { (try $0.value(at: 0), try $0.value(at: 1)) }
        snapshot.parkedOpen = try connection.query(
            "SELECT tenant, count(*) FROM parked_operations WHERE resolved_at IS NULL GROUP BY tenant ORDER BY tenant"
        ).map { (try $0.value(at: 0), try $0.value(at: 1)) }
        snapshot.tokens = try connection.query(
            "SELECT tenant, id, kind, last_used_at FROM tokens WHERE revoked_at IS NULL ORDER BY tenant, id"
        ).map { (try $0.value(at: 0), try $0.value(at: 1), try $0.value(at: 2), try $0.value(at: 3)) }
        snapshot.reconcileRuns = try connection.query(
            """
            SELECT tenant, connection_id, coalesce(outcome, 'running'), count(*) FROM reconcile_runs
            GROUP BY tenant, connection_id, coalesce(outcome, 'running') ORDER BY 1, 2, 3
            """
        ).map { (try $0.value(at: 0), try $0.value(at: 1), try $0.value(at: 2), try $0.value(at: 3)) }
        snapshot.reconcileLastSuccess = try connection.query(
            """
            SELECT tenant, connection_id, max(finished_at) FROM reconcile_runs
            WHERE outcome = 'succeeded' AND finished_at IS NOT NULL GROUP BY tenant, connection_id ORDER BY 1, 2
            """
        ).map { (try $0.value(at: 0), try $0.value(at: 1), try $0.value(at: 2)) }
        snapshot.reconcileDurations = try connection.query(
            """
            SELECT tenant, connection_id, (finished_at - started_at) / 1000.0 FROM reconcile_runs
            WHERE finished_at IS NOT NULL ORDER BY started_at DESC LIMIT ?
            """, durationWindow
        ).map { (try $0.value(at: 0), try $0.value(at: 1), try $0.value(at: 2)) }
        snapshot.reconcileCalls = try connection.query(
            """
            SELECT tenant, connection_id, sum(api_calls), sum(rate_limit_waits) FROM reconcile_runs
            GROUP BY tenant, connection_id ORDER BY 1, 2
            """
        ).map { (try $0.value(at: 0), try $0.value(at: 1), try $0.value(at: 2), try $0.value(at: 3)) }
        snapshot.reconcileCounts = try connection.query(
            """
            SELECT r.tenant, r.connection_id, j.key, sum(j.value) FROM reconcile_runs r, json_each(r.counts) j
            WHERE r.counts IS NOT NULL AND j.type = 'integer' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """
        ).map { (try $0.value(at: 0), try $0.value(at: 1), try $0.value(at: 2), try $0.value(at: 3)) }
        snapshot.reconcileLatest = try connection.query(
            """
            SELECT r.tenant, r.connection_id, r.outcome, r.error FROM reconcile_runs r
            WHERE r.finished_at IS NOT NULL AND r.started_at = (
                SELECT max(started_at) FROM reconcile_runs x
                WHERE x.tenant = r.tenant AND x.connection_id = r.connection_id AND x.finished_at IS NOT NULL)
            ORDER BY 1, 2
            """
        ).map { row in
            let error: String? = try row.value(at: 3)
            return (try row.value(at: 0), try row.value(at: 1), try row.value(at: 2), error.flatMap(oktaErrorCode))
        }
        snapshot.mailOutbox = try connection.query(
            "SELECT state, kind, count(*) FROM mail_outbox GROUP BY state, kind ORDER BY 1, 2"
        ).map { (try $0.value(at: 0), try $0.value(at: 1), try $0.value(at: 2)) }
        snapshot.mailFailedAttempts = try connection.queryFirst(
            """
            SELECT coalesce(sum(CASE WHEN state = 'sent' THEN attempts - 1 ELSE attempts END), 0) FROM mail_outbox
            WHERE attempts > 0
            """
        )!.value(at: 0)
        snapshot.rejectedKept = try connection.query(
            "SELECT tenant, count(*) FROM rejected_requests GROUP BY tenant ORDER BY tenant"
        ).map { (try $0.value(at: 0), try $0.value(at: 1)) }
        let pages: Int = try connection.queryFirst("PRAGMA page_count")!.value(at: 0)
        let pageSize: Int = try connection.queryFirst("PRAGMA page_size")!.value(at: 0)
        snapshot.databaseBytes = pages * pageSize
        let wal = try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
        snapshot.walBytes = wal ?? 0
        return snapshot
    }
}
