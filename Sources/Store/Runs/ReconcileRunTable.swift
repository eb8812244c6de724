import Core
import Foundation

/// SQL for `reconcile_runs`: a run is inserted when it starts and completed when it ends, so a
/// run that died mid-way is visible as one without an outcome.
public enum ReconcileRunTable {
    private static let columns = """
        id, tenant, connection_id, started_at, finished_at, outcome, dry_run, counts, plan, api_calls, pages, \
        rate_limit_waits, error
        """

    /// Inserts a started run.
    public static func insert(_ run: ReconcileRunRecord, on connection: SQLiteConnection) throws {
        try connection.execute(
            "INSERT INTO reconcile_runs (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            run.id, run.tenant.rawValue, run.connectionID, run.startedAt, run.finishedAt, run.outcome?.rawValue,
            run.dryRun, run.counts, run.plan, run.apiCalls, run.pages, run.rateLimitWaits, run.error)
    }

    /// Writes the end of a run (matched by tenant and id). The plan is not part of it: the
    /// run's actions are rows of ``ReconcileRunActionTable``, written as they were applied, and
    /// `plan` keeps whatever the run was inserted with (NULL).
    public static func finish(_ run: ReconcileRunRecord, on connection: SQLiteConnection) throws {
        try connection.execute(
            """
            UPDATE reconcile_runs SET finished_at = ?, outcome = ?, counts = ?, api_calls = ?, pages = ?,
                rate_limit_waits = ?, error = ?
            WHERE tenant = ? AND id = ?
            """,
            run.finishedAt, run.outcome?.rawValue, run.counts, run.apiCalls, run.pages, run.rateLimitWaits,
            run.error, run.tenant.rawValue, run.id)
    }

    /// The runs of a connection, newest first.
    public static func list(
        tenant: TenantName, connectionID: String, limit: Int = 100, on connection: SQLiteConnection
    ) throws -> [ReconcileRunRecord] {
        try connection.query(
            """
            SELECT \(columns) FROM reconcile_runs WHERE tenant = ? AND connection_id = ?
            ORDER BY started_at DESC, rowid DESC LIMIT ?
            """,
            tenant.rawValue, connectionID, limit
        ).map { row in
            let outcome: String? = try row.value("outcome")
            return ReconcileRunRecord(
                id: try row.value("id"), tenant: try row.tenantName("tenant"),
                connectionID: try row.value("connection_id"), startedAt: try row.value("started_at"),
                finishedAt: try row.value("finished_at"), outcome: outcome.flatMap(ReconcileRunRecord.Outcome.init),
                dryRun: try row.value("dry_run"), counts: try row.value("counts"), plan: try row.value("plan"),
                apiCalls: try row.value("api_calls"), pages: try row.value("pages"),
                rateLimitWaits: try row.value("rate_limit_waits"), error: try row.value("error"))
        }
    }
}
