import Core
import Foundation
import Store

/// Applies a plan, each action idempotent and audited with actor `reconciler`, the run id as
/// request id, and the action's reason (design.md "Reconciler rules" 4). Actions run in batches,
/// one durable write transaction each; between two transactions the applier checks for
/// cancellation, so a shutdown stops it cleanly between batches, never inside one.
public struct PlanApplier: Sendable {
    /// Actions per write transaction. 2,000 amortises each commit's fsync and WAL writes (a
    /// first sync of 300,000 actions commits 151 times instead of 1,510) while one batch still
    /// holds the writer, and delays a concurrent SCIM push or a shutdown, for only a fraction
    /// of a second.
    public static let batchSize = 2000

    /// The database the plan is written to.
    let database: Database
    /// The tenant the run belongs to.
    let tenant: TenantName
    /// The connection being reconciled.
    let connectionID: String
    /// The run's id, recorded as the request id of every audit event.
    let runID: String
    /// The source of each batch's time.
    let clock: any Clock

    /// Creates an applier for one run.
    public init(database: Database, tenant: TenantName, connectionID: String, runID: String, clock: any Clock) {
        self.database = database
        self.tenant = tenant
        self.connectionID = connectionID
        self.runID = runID
        self.clock = clock
    }

    /// Applies `actions` whose index is not in `held`; returns one outcome per action.
    public func apply(_ actions: [PlanAction], blocked held: Set<Int>) async throws -> [ActionOutcome] {
        var outcomes = [ActionOutcome](repeating: .skipped, count: actions.count)
        try await apply(actions, blocked: held, outcomes: &outcomes)
        return outcomes
    }

    /// Applies `actions` whose index is not in `held`, writing each batch's outcomes into
    /// `outcomes` (one per action) as its transaction commits, so that after a failure or
    /// cancellation they still tell what the committed batches did.
    ///
    /// Each batch also records its actions as rows of `reconcile_run_actions` in its own
    /// transaction: the run (``runID``) must already be recorded, and after a failure the rows
    /// hold exactly the committed batches.
    public func apply(_ actions: [PlanAction], blocked held: Set<Int>, outcomes: inout [ActionOutcome]) async throws {
        precondition(outcomes.count == actions.count, "one outcome per action")
        var start = 0
        while start < actions.count {
            if Task.isCancelled { throw CancellationError() }
            let end = min(start + Self.batchSize, actions.count)
            let batch = actions[start..<end]
            let time = clock.now()
            let (tenant, connectionID, runID, first) = (tenant, connectionID, runID, start)
            let results = try await database.write { connection in
                var step = try ActionStep(
                    tenant: tenant, connectionID: connectionID, time: time,
                    changes: AccessChanges(
                        tenant: tenant, connectionID: connectionID, actor: .reconciler, requestID: runID, time: time,
                        connection: connection),
                    connection: connection)
                var results: [ActionOutcome] = []
                results.reserveCapacity(batch.count)
                for position in batch.indices {
                    results.append(held.contains(position) ? .blocked : try step.apply(batch[position]))
                }
                let outcomes = results
                try ReconcileRunActionTable.insert(
                    runID: runID,
                    batch.indices.lazy.map { batch[$0].runActionRecord(position: $0, outcome: outcomes[$0 - first]) },
                    on: connection)
                return results
            }
            outcomes.replaceSubrange(start..<end, with: results)
            start = end
        }
    }
}
