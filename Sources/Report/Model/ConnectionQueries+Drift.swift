import Core
import Foundation
import Store

extension ConnectionQueries {
    /// Adds the drift of the connection's runs started in `[start, end)` to `report`: planned
    /// actions by kind, by attribution and by outcome.
    ///
    /// Counted by SQLite, never by parsing a plan in Swift: from the `reconcile_run_actions` rows,
    /// and for runs recorded before those existed from their `plan` text through `json_each`.
    /// (Parsing that text under the JSON parser's 1 MiB default limit silently dropped every plan
    /// above about 5,000 actions, a first sync's included.) A run has either rows or a `plan`,
    /// never both, so nothing is counted twice.
    static func fillDrift(
        _ report: inout ConnectionReport, tenant: String, from start: Date, to end: Date, on db: SQLiteConnection
    ) throws {
        try db.forEachRow(
            """
            SELECT a.kind, a.drift, a.outcome, count(*)
            FROM reconcile_runs r JOIN reconcile_run_actions a ON a.run_id = r.id
            WHERE r.tenant = ? AND r.connection_id = ? AND r.started_at >= ? AND r.started_at < ?
            GROUP BY a.kind, a.drift, a.outcome
            """, tenant, report.id, start, end
        ) { row in
            try add(row, to: &report)
        }
        // Old plans: a field counts only where it is a string, as the Swift parse counted them.
        try db.forEachRow(
            """
            SELECT iif(json_type(j.value, '$.kind') = 'text', json_extract(j.value, '$.kind'), NULL) AS kind,
                iif(json_type(j.value, '$.drift') = 'text', json_extract(j.value, '$.drift'), NULL) AS drift,
                iif(json_type(j.value, '$.outcome') = 'text', json_extract(j.value, '$.outcome'), NULL) AS outcome,
                count(*)
            FROM reconcile_runs r, json_each(r.plan) j
            WHERE r.tenant = ? AND r.connection_id = ? AND r.started_at >= ? AND r.started_at < ?
              AND r.plan IS NOT NULL AND json_type(r.plan) = 'array' AND j.type = 'object'
            GROUP BY 1, 2, 3
            """, tenant, report.id, start, end
        ) { row in
            try add(row, to: &report)
        }
    }

    /// Adds one `(kind, drift, outcome, count)` group to the report's three tallies.
    private static func add(_ row: RowCursor, to report: inout ConnectionReport) throws {
        let count: Int = try row.value(at: 3)
        if let kind: String = try row.value(at: 0) { report.driftByKind[kind, default: 0] += count }
        if let drift: String = try row.value(at: 1) { report.driftByAttribution[drift, default: 0] += count }
        if let outcome: String = try row.value(at: 2) { report.actions[outcome, default: 0] += count }
    }
}
