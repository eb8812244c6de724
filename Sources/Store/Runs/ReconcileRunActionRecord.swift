/// One planned action of a reconcile run as recorded in `reconcile_run_actions`: the fields of
/// the plan JSON (`roster reconcile --json`) of that action, as text.
public struct ReconcileRunActionRecord: Sendable, Equatable {
    /// Zero-based position in the run's plan; the plan's order.
    public var position: Int
    /// The action kind, e.g. `deactivate-user`.
    public var kind: String
    /// The subject: a user, team or parked-operation id.
    public var subjectID: String
    /// For member actions the user, for provision the userName; nil otherwise.
    public var userID: String?
    /// For team create and rename, the team name; nil otherwise.
    public var teamName: String?
    /// Why, in words.
    public var reason: String
    /// The drift attribution, e.g. `push-never-arrived`.
    public var drift: String
    /// What happened: `planned`, `applied`, `skipped` or `blocked`.
    public var outcome: String

    /// Creates a record.
    public init(
        position: Int, kind: String, subjectID: String, userID: String? = nil, teamName: String? = nil,
        reason: String, drift: String, outcome: String
    ) {
        self.position = position
        self.kind = kind
        self.subjectID = subjectID
        self.userID = userID
        self.teamName = teamName
        self.reason = reason
        self.drift = drift
        self.outcome = outcome
    }
}
