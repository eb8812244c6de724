import Core

/// SQL for `reconcile_run_actions`, the planned actions of each run, one row per action
/// (migration `0008-run-actions`). Rows are written with the transaction that applied them, so
/// a crash never leaves an applied action unrecorded nor a recorded one unapplied.
public enum ReconcileRunActionTable {
    /// Inserts `records` for `runID`; the run must already be recorded (foreign key).
    public static func insert(
        runID: String, _ records: some Sequence<ReconcileRunActionRecord>, on connection: SQLiteConnection
    ) throws {
        for record in records {
            try connection.execute(
                """
                INSERT INTO reconcile_run_actions
                    (run_id, position, kind, subject_id, user_id, team_name, reason, drift, outcome)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                runID, record.position, record.kind, record.subjectID, record.userID, record.teamName, record.reason,
                record.drift, record.outcome)
        }
    }

    /// The number of actions recorded as rows for `runID`: after a failed apply, the actions
    /// of the batches that committed.
    public static func count(runID: String, on connection: SQLiteConnection) throws -> Int {
        try connection.queryFirst("SELECT count(*) FROM reconcile_run_actions WHERE run_id = ?", runID)!.value(at: 0)
    }

    /// Calls `body` with each action of the run `runID` of `tenant`, in plan order, one at a time.
    ///
    /// Runs recorded before migration `0008-run-actions` have no rows but a `plan` JSON array;
    /// theirs are read from that text by SQLite's `json_each`, element by element, with the
    /// fields the old plan JSON held (the same as a row's), so no reader needs to parse it.
    public static func forEach(
        runID: String, tenant: TenantName, on connection: SQLiteConnection,
        body: (ReconcileRunActionRecord) throws -> Void
    ) throws {
        var found = false
        try connection.forEachRow(
            """
            SELECT a.position, a.kind, a.subject_id, a.user_id, a.team_name, a.reason, a.drift, a.outcome
            FROM reconcile_runs r JOIN reconcile_run_actions a ON a.run_id = r.id
            WHERE r.tenant = ? AND r.id = ? ORDER BY a.position
            """, tenant.rawValue, runID
        ) { row in
            found = true
            try body(try record(row))
        }
        guard !found else { return }
        try connection.forEachRow(
            """
            SELECT j.key, coalesce(json_extract(j.value, '$.kind'), ''), coalesce(json_extract(j.value, '$.subject'), ''),
                json_extract(j.value, '$.user'), json_extract(j.value, '$.team'),
                coalesce(json_extract(j.value, '$.reason'), ''), coalesce(json_extract(j.value, '$.drift'), ''),
                coalesce(json_extract(j.value, '$.outcome'), '')
            FROM reconcile_runs r, json_each(r.plan) j
            WHERE r.tenant = ? AND r.id = ? AND r.plan IS NOT NULL ORDER BY j.key
            """, tenant.rawValue, runID
        ) { row in
            try body(try record(row))
        }
    }

    /// The record in a row of the columns both ``forEach(runID:tenant:on:body:)`` queries select.
    private static func record(_ row: RowCursor) throws -> ReconcileRunActionRecord {
        ReconcileRunActionRecord(
            position: try row.value(at: 0), kind: try row.value(at: 1), subjectID: try row.value(at: 2),
            userID: try row.value(at: 3), teamName: try row.value(at: 4), reason: try row.value(at: 5),
            drift: try row.value(at: 6), outcome: try row.value(at: 7))
    }
}
