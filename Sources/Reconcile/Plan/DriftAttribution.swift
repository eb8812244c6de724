/// Why the drift behind an action exists, as far as Roster's own audit trail can tell
/// (design.md "Reconciler rules" 3).
public enum DriftAttribution: String, Sendable, Equatable, Codable {
    /// Okta changed the subject after Roster's last change to it: the push never arrived (e.g.
    /// Okta does not retry a failed deactivation push, okta-protocol.md A5).
    case pushNeverArrived = "push-never-arrived"
    /// Roster's copy changed after Okta's last change (a later local write, or a user lost
    /// locally whose history remains in the audit trail).
    case localChange = "local-change"
    /// Okta never pushes this state (a SUSPENDED user under the strict policy, a user who is not
    /// or no longer assigned, a group no longer pushed).
    case outOfScope = "out-of-scope"
}
