import Core
import Foundation

/// One reconcile run as recorded in `reconcile_runs` (design.md "Reconciler rules" 6).
public struct ReconcileRunRecord: Sendable, Equatable {
    /// Final state of a run.
    public enum Outcome: String, Sendable, Equatable {
        /// Pulled, planned and applied (or planned only, for a dry run).
        case succeeded
        /// The pull or the apply failed; nothing was deactivated on incomplete data.
        case failed
        /// The safety valve held back deactivations.
        case blocked
    }

    /// Run id (also the audit `request_id` of every change the run applied).
    public var id: String
    /// The tenant.
    public var tenant: TenantName
    /// The connection reconciled.
    public var connectionID: String
    /// Start time.
    public var startedAt: Date
    /// End time; nil while running (or when the process died mid-run).
    public var finishedAt: Date?
    /// Outcome; nil while running.
    public var outcome: Outcome?
    /// Whether the run only planned.
    public var dryRun: Bool
    /// JSON object of action counts by kind (planned, applied, skipped, blocked).
    public var counts: String?
    /// JSON array of the planned actions, as runs recorded before migration `0008-run-actions`
    /// hold it; nil for later runs, whose actions are rows of ``ReconcileRunActionTable`` (read
    /// either kind with ``ReconcileRunActionTable/forEach(runID:tenant:on:body:)``).
    public var plan: String?
    /// Okta API requests made.
    public var apiCalls: Int
    /// List pages received.
    public var pages: Int
    /// Times the run waited for a rate-limit window.
    public var rateLimitWaits: Int
    /// Why the run failed, if it did.
    public var error: String?

    /// Creates a record.
    public init(
        id: String, tenant: TenantName, connectionID: String, startedAt: Date, finishedAt: Date? = nil,
        outcome: Outcome? = nil, dryRun: Bool, counts: String? = nil, plan: String? = nil, apiCalls: Int = 0,
        pages: Int = 0, rateLimitWaits: Int = 0, error: String? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.connectionID = connectionID
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.dryRun = dryRun
        self.counts = counts
        self.plan = plan
        self.apiCalls = apiCalls
        self.pages = pages
        self.rateLimitWaits = rateLimitWaits
        self.error = error
    }
}
