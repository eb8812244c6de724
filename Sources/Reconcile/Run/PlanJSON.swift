import Core
import Store

/// JSON renderings of plans and counts, for `roster reconcile --json`.
public enum PlanJSON {
    /// One action with its outcome.
    public static func action(_ action: PlanAction, outcome: ActionOutcome?) -> JSONValue {
        var fields: [String: JSONValue] = [
            "kind": .string(action.kind.rawValue), "subject": .string(action.subjectID),
            "reason": .string(action.reason), "drift": .string(action.attribution.rawValue),
        ]
        if let user = action.userID { fields["user"] = .string(user) }
        if let name = action.teamName { fields["team"] = .string(name) }
        if let outcome { fields["outcome"] = .string(outcome.rawValue) }
        return .object(fields)
    }

    /// The whole result.
    public static func result(_ result: ReconcileRunResult) -> JSONValue {
        var fields = summary(result)
        fields["actions"] = .array(zip(result.actions, result.outcomes).map { action($0, outcome: $1) })
        return .object(fields)
    }

    /// Every key of ``result(_:)`` except `actions`: the run's outcome, counts and costs.
    static func summary(_ result: ReconcileRunResult) -> [String: JSONValue] {
        [
            "run": .string(result.runID), "outcome": .string(result.outcome.rawValue), "dryRun": .bool(result.dryRun),
            "error": result.error.map(JSONValue.string) ?? .null,
            "counts": .object(result.counts.mapValues { .number(Double($0)) }),
            "apiCalls": .number(Double(result.statistics.apiCalls)), "pages": .number(Double(result.statistics.pages)),
            "rateLimitWaits": .number(Double(result.statistics.rateLimitWaits)),
            "phaseSeconds": .object(result.phaseSeconds.mapValues { .number(($0 * 1000).rounded() / 1000) }),
        ]
    }
}
