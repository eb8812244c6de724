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
        var outcomes = [ActionOutcome](repeating: .blocked, count: actions.count)
        var start = 0
        while start < actions.count {
            if Task.isCancelled { throw CancellationError() }
            let end = min(start + Self.batchSize, actions.count)
            let batch = Array(actions[start..<end])
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
                for (index, action) in batch.enumerated() {
                    results.append(held.contains(first + index) ? .blocked : try step.apply(action))
                }
                return results
            }
            outcomes.replaceSubrange(start..<end, with: results)
            start = end
        }
        return outcomes
    }
}
