import Foundation

/// How one run behaves (CLI flags and config `reconcile.*`).
public struct ReconcileOptions: Sendable {
    /// Plan only; apply nothing (`--dry-run`).
    public var dryRun = false
    /// Apply deactivations even above the safety valve (`--force`).
    public var force = false
    /// Safety valve: the largest share of the connection's active users a run may deactivate
    /// (`reconcile.maxDeactivationShare`, default 10 %).
    public var maxDeactivationShare = 0.10
    /// The access policy (SUSPENDED choice: `reconcile.suspendedUsers`).
    public var policy = AccessPolicy()
    /// Parked operations older than this are expired (`reconcile.parkedMaxAge`, default 7 days).
    public var parkedMaxAge: TimeInterval = 7 * 24 * 3600

    /// The defaults.
    public init() {}
}
