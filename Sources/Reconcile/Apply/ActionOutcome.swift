/// What happened to one planned action.
public enum ActionOutcome: String, Sendable, Equatable, Codable {
    /// Not applied: a dry run.
    case planned
    /// Applied (or already true: actions are idempotent).
    case applied
    /// Skipped because its subject changed after the snapshot (a later push wins), or it no
    /// longer applies.
    case skipped
    /// Held back by the safety valve.
    case blocked
}
