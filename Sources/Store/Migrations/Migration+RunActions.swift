extension Migration {
    /// The planned actions of reconcile runs as rows (issue 5, first-sync peak RSS).
    ///
    /// Until this migration a run's plan was one JSON array in `reconcile_runs.plan`: 61 MB for a
    /// first sync of 302,000 actions, which SQLite copied twice and whose `json_valid` CHECK built a
    /// parse tree about three times its size, all at once when the run was recorded. Rows are
    /// written with the apply batches instead, and the report counts them with `GROUP BY`.
    /// `reconcile_runs.plan` stays for runs recorded before this migration; new runs leave it NULL.
    ///
    /// `WITHOUT ROWID` with the key `(run_id, position)`: the key is the index by run (a run's
    /// actions are one contiguous range of the B-tree, in plan order) and no second B-tree
    /// repeats it; rows are small (about 150 bytes), as that layout wants
    /// (https://www.sqlite.org/withoutrowid.html §4). Run ids are time-ordered, so a run's rows
    /// append at the right edge. `outcome` is the `ActionOutcome` vocabulary of the plan JSON:
    /// `planned` (dry run), `applied`, `skipped` (overtaken, already true, or not reached because
    /// the run failed), `blocked` (safety valve).
    static let runActions = Migration(
        identifier: "0008-run-actions",
        sql: """
            CREATE TABLE reconcile_run_actions (
                run_id TEXT NOT NULL REFERENCES reconcile_runs(id),
                position INTEGER NOT NULL CHECK (position >= 0),
                kind TEXT NOT NULL,
                subject_id TEXT NOT NULL,
                user_id TEXT,
                team_name TEXT,
                reason TEXT NOT NULL,
                drift TEXT NOT NULL,
                outcome TEXT NOT NULL CHECK (outcome IN ('planned', 'applied', 'skipped', 'blocked')),
                PRIMARY KEY (run_id, position)
            ) STRICT, WITHOUT ROWID;
            """)
}
