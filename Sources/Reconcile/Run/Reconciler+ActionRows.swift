import Store

extension Reconciler {
    /// Records `actions[first...]` with their `outcomes` as rows of run `runID`, for actions no
    /// apply batch recorded: every action of a dry run, and after a failed apply those after the
    /// last committed batch. One write transaction per ``PlanApplier/batchSize`` actions, so a
    /// large plan is never bound, held or written as one piece and each transaction holds the
    /// writer only briefly.
    func recordActions(_ actions: [PlanAction], outcomes: [ActionOutcome], from first: Int, runID: String) async throws {
        var start = first
        while start < actions.count {
            let end = min(start + PlanApplier.batchSize, actions.count)
            let records = (start..<end).map { actions[$0].runActionRecord(position: $0, outcome: outcomes[$0]) }
            try await database.write { try ReconcileRunActionTable.insert(runID: runID, records, on: $0) }
            start = end
        }
    }

    /// Records the actions of a failed run that no committed transaction recorded, with the
    /// outcome they ended with (`skipped` when never reached), so the rows list the whole plan.
    /// The rows already written are exactly the committed apply batches (or dry-run batches),
    /// always a prefix of the plan: their count is where the rest begins.
    func recordUnrecordedActions(of result: ReconcileRunResult) async throws {
        guard !result.actions.isEmpty else { return }
        let runID = result.runID
        let recorded = try await database.write { try ReconcileRunActionTable.count(runID: runID, on: $0) }
        try await recordActions(result.actions, outcomes: result.outcomes, from: recorded, runID: runID)
    }
}
