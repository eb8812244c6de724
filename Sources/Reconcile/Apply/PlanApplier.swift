import Core
import Foundation
import Store

/// Applies a plan, each action idempotent and audited with actor `reconciler`, the run id as
/// request id, and the action's reason (design.md "Reconciler rules" 4). Actions run in small
/// write transactions; between two transactions the applier checks for cancellation, so a
/// shutdown stops it cleanly between actions.
public struct PlanApplier: Sendable {
    /// Actions per write transaction.
    public static let batchSize = 200

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
            let heldHere = Set(held.filter { (start..<end).contains($0) }.map { $0 - start })
            let time = clock.now()
            let (tenant, connectionID, runID) = (tenant, connectionID, runID)
            let results = try await database.write { connection in
                let step = ActionStep(
                    tenant: tenant, connectionID: connectionID, time: time,
                    changes: AccessChanges(
                        tenant: tenant, connectionID: connectionID, actor: .reconciler, requestID: runID, time: time,
                        connection: connection),
                    connection: connection)
                return try batch.enumerated().map { index, action in
                    heldHere.contains(index) ? ActionOutcome.blocked : try step.apply(action)
                }
            }
            outcomes.replaceSubrange(start..<end, with: results)
            start = end
        }
        return outcomes
    }
}
