import Foundation
import Store

/// Applies `audit.retention` while `serve` runs: once a minute after start, then hourly, deletes
/// audit events older than the retention, always keeping the latest event of every subject (and
/// of every team membership), so the latest state is never lost (issue 7).
struct AuditRetentionService: Sendable {
    /// How long events are kept.
    let retention: Duration
    /// The database whose audit trail is pruned.
    let database: Database
    /// Receives a line per pruning pass and any failure.
    let logger: Logger

    /// Runs until cancelled.
    func run() async {
        var delay: Duration = .seconds(60)
        while true {
            do { try await Task.sleep(for: delay) } catch { return }
            delay = .seconds(3600)
            await runOnce()
        }
    }

    /// One pruning pass; returns how many events were deleted (nil on failure, which is logged).
    @discardableResult
    func runOnce(now: Date = Date()) async -> Int? {
        let seconds = Double(retention.components.seconds) + Double(retention.components.attoseconds) / 1e18
        let horizon = now.addingTimeInterval(-seconds)
        do {
            let deleted = try await database.write { connection in
                try AuditRetention.prune(olderThan: horizon, on: connection)
            }
            if deleted > 0 { logger.info("audit events pruned", [("deleted", .int(deleted))]) }
            return deleted
        } catch {
            logger.error("audit retention failed", [("error", .string("\(error)"))])
            return nil
        }
    }
}
