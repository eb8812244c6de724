import Core
import Foundation
import Store

/// The SQL behind one ``ConnectionReport``. Every query is scoped by tenant and connection and
/// served by an existing index (users/teams by connection, audit by time, runs by connection).
enum ConnectionQueries {
    /// Fills `report` with the connection's user and team counts, changes in `[start, end)`, the latest push and the
    /// latest reconcile run.
    static func fill(
        _ report: inout ConnectionReport, tenant: TenantName, from start: Date, to end: Date, on db: SQLiteConnection
    ) throws {
        let t = tenant.rawValue
        let c = report.id
        if let users = try db.queryFirst(
            "SELECT count(*), coalesce(sum(active), 0) FROM users WHERE tenant = ? AND connection_id = ? AND deleted_at IS NULL",
            t, c)
        {
            report.users.total = try users.value(at: 0)
            report.users.active = try users.value(at: 1)
        }
        report.teams.total = try db.queryFirst(
            "SELECT count(*) FROM teams WHERE tenant = ? AND connection_id = ? AND archived_at IS NULL", t, c)!.value(at: 0)
        report.teams.active = report.teams.total
        for row in try db.query(
            """
            SELECT subject_type, action, count(*) FROM audit_events
            WHERE tenant = ? AND time >= ? AND time < ? AND connection_id = ? AND subject_type IN ('user', 'team')
            GROUP BY subject_type, action
            """, t, start, end, c)
        {
            let type: String = try row.value(at: 0)
            if type == "user" {
                report.users.changes[try row.value(at: 1)] = try row.value(at: 2)
            } else {
                report.teams.changes[try row.value(at: 1)] = try row.value(at: 2)
            }
        }
        try fillPush(&report, tenant: tenant, from: start, to: end, on: db)
        try fillRuns(&report, tenant: t, from: start, to: end, on: db)
        if let parked = try db.queryFirst(
            """
            SELECT
                coalesce(sum(created_at >= ?1 AND created_at < ?2), 0),
                coalesce(sum(resolved_at >= ?1 AND resolved_at < ?2 AND resolution <> 'expired'), 0),
                coalesce(sum(resolved_at >= ?1 AND resolved_at < ?2 AND resolution = 'expired'), 0),
                coalesce(sum(resolved_at IS NULL), 0)
            FROM parked_operations WHERE tenant = ?3 AND connection_id = ?4
            """, start, end, t, c)
        {
            report.parked.new = try parked.value(at: 0)
            report.parked.resolved = try parked.value(at: 1)
            report.parked.expired = try parked.value(at: 2)
            report.parked.open = try parked.value(at: 3)
        }
        report.staleMembersRemoved = try db.queryFirst(
            """
            SELECT count(*) FROM memberships m JOIN teams tm ON tm.tenant = m.tenant AND tm.id = m.team_id
            WHERE m.tenant = ? AND tm.connection_id = ? AND m.removed_reason = 'stale'
              AND m.removed_at >= ? AND m.removed_at < ?
            """, t, c, start, end)!.value(at: 0)
    }

    private static func fillPush(
        _ report: inout ConnectionReport, tenant: TenantName, from start: Date, to end: Date, on db: SQLiteConnection
    ) throws {
        let rows = try PushTrafficTable.rows(tenant: tenant, connectionID: report.id, from: start, to: end, on: db)
        var buckets: [Int: Int] = [:]
        for row in rows {
            report.push.requests += row.requests
            buckets[row.latencyBucket, default: 0] += row.requests
            guard row.status >= 400 else { continue }
            report.push.errors += row.requests
            report.push.errorsByStatus[String(row.status), default: 0] += row.requests
            if !row.scimType.isEmpty { report.push.errorsByScimType[row.scimType, default: 0] += row.requests }
        }
        report.push.latencyP50Milliseconds = percentile(0.50, buckets)
        report.push.latencyP99Milliseconds = percentile(0.99, buckets)
        report.push.rejected = try db.queryFirst(
            "SELECT count(*) FROM rejected_requests WHERE tenant = ? AND connection_id = ? AND time >= ? AND time < ?",
            tenant.rawValue, report.id, start, end)!.value(at: 0)
        let tokenUse: Date? = try db.queryFirst(
            "SELECT max(last_used_at) FROM tokens WHERE tenant = ? AND connection_id = ? AND kind = 'scim'",
            tenant.rawValue, report.id)?.value(at: 0)
        let lastHour = try PushTrafficTable.lastHour(tenant: tenant, connectionID: report.id, on: db)
        report.push.lastPushAt = [tokenUse, lastHour].compactMap { $0 }.max()
    }

    /// The smallest bucket bound covering `share` of the requests.
    static func percentile(_ share: Double, _ buckets: [Int: Int]) -> Int? {
        let total = buckets.values.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = Int((share * Double(total)).rounded(.up))
        var seen = 0
        for bound in buckets.keys.sorted() {
            seen += buckets[bound]!
            if seen >= rank { return bound }
        }
        return buckets.keys.max()
    }

    private static func fillRuns(
        _ report: inout ConnectionReport, tenant: String, from start: Date, to end: Date, on db: SQLiteConnection
    ) throws {
        var durations: [Double] = []
        for row in try db.query(
            """
            SELECT id, started_at, finished_at, coalesce(outcome, 'running'), dry_run, api_calls, rate_limit_waits,
                error
            FROM reconcile_runs WHERE tenant = ? AND connection_id = ? AND started_at >= ? AND started_at < ?
            ORDER BY started_at DESC
            """, tenant, report.id, start, end)
        {
            let outcome: String = try row.value(at: 3)
            let startedAt: Date = try row.value(at: 1)
            report.runs.total += 1
            report.runs.byOutcome[outcome, default: 0] += 1
            let dryRun: Bool = try row.value(at: 4)
            if dryRun { report.runs.dryRuns += 1 }
            report.runs.apiCalls += try row.value(at: 5) as Int
            report.runs.rateLimitWaits += try row.value(at: 6) as Int
            if let finished: Date = try row.value(at: 2) { durations.append(finished.timeIntervalSince(startedAt)) }
            if outcome == "failed" {
                let error: String? = try row.value(at: 7)
                report.failures.append(
                    ConnectionReport.Failure(time: startedAt, runID: try row.value(at: 0), reason: error ?? "unknown"))
            }
        }
        if !durations.isEmpty {
            report.runs.meanDurationSeconds = durations.reduce(0, +) / Double(durations.count)
            report.runs.maxDurationSeconds = durations.max()
        }
        try fillDrift(&report, tenant: tenant, from: start, to: end, on: db)
    }
}
