import Store

extension PlanAction {
    /// The row recording this action at `position` of its run's plan with `outcome`: the fields
    /// ``PlanJSON/write(_:outcome:into:)`` writes, so a run read back from its rows renders the
    /// same JSON.
    func runActionRecord(position: Int, outcome: ActionOutcome) -> ReconcileRunActionRecord {
        ReconcileRunActionRecord(
            position: position, kind: kind.rawValue, subjectID: subjectID, userID: userID, teamName: teamName,
            reason: reason, drift: attribution.rawValue, outcome: outcome.rawValue)
    }
}
