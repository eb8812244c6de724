import Store

/// The outcome of one run: the plan with each action's outcome, the counts and the pull's cost.
public struct ReconcileRunResult: Sendable {
    /// The run id (audit `request_id` of its changes).
    public var runID: String
    /// `succeeded`, `failed` or `blocked`.
    public var outcome: ReconcileRunRecord.Outcome
    /// Whether nothing was applied on purpose.
    public var dryRun: Bool
    /// The planned actions (empty when the pull failed).
    public var actions: [PlanAction]
    /// One outcome per action.
    public var outcomes: [ActionOutcome]
    /// Pull statistics.
    public var statistics: OktaClientStatistics
    /// Why the run failed.
    public var error: String?
    /// Wall-clock seconds per phase: `pull` (Okta API), `load` (local state), `diff` (the plan;
    /// synchronous and CPU-bound, so its wall time is its CPU time), `apply`.
    public var phaseSeconds: [String: Double] = [:]

    /// Counts by `kind` and by outcome, e.g. `{"deactivate-user": 2, "applied": 5}`.
    public var counts: [String: Int] {
        var counts: [String: Int] = [:]
        for action in actions { counts[action.kind.rawValue, default: 0] += 1 }
        for outcome in outcomes { counts[outcome.rawValue, default: 0] += 1 }
        return counts
    }
}
