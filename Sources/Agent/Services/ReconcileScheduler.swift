import Core
import Foundation
import Reconcile
import Store

/// Runs reconciliation for every connection with Okta pull settings every `reconcile.every`
/// (default hourly). Connections are reconciled one after another by this single task, so two
/// runs of one connection never overlap. Cancelling the task (shutdown) stops a run between two
/// apply batches — never inside a transaction — and the task is awaited before the database
/// closes (style.md §8.11: the scheduler stops between runs, never mid-apply).
struct ReconcileScheduler {
    /// The `reconcile` settings: period and the deactivation-share guard.
    let configuration: ReconcileConfiguration
    /// The database holding the Okta pull settings and where runs are recorded.
    let database: Database
    /// Receives one line per run and any failure to record one.
    let logger: Logger

    /// Runs until cancelled: every `reconcile.every`, reconciles each configured connection in turn and logs the
    /// outcome; cancellation is noticed only between connections or during the wait.
    func run() async {
        let reconciler = Reconciler(database: database)
        let options = configuration.options()
        while !Task.isCancelled {
            do { try await Task.sleep(for: configuration.every) } catch { return }
            let all = (try? await database.read { try OktaPullSettingsTable.all(on: $0) }) ?? []
            for settings in all {
                if Task.isCancelled { return }
                do {
                    let result = try await reconciler.run(settings, options: options)
                    logger.info(
                        "reconcile run",
                        [("tenant", .string(settings.tenant.rawValue)), ("connection", .string(settings.connectionID)),
                         ("outcome", .string(result.outcome.rawValue)), ("actions", .int(result.actions.count)),
                         ("apiCalls", .int(result.statistics.apiCalls)), ("error", .string(result.error ?? "-"))])
                } catch {
                    logger.warning(
                        "reconcile run could not be recorded",
                        [("connection", .string(settings.connectionID)), ("error", .string("\(error)"))])
                }
            }
        }
    }
}
