import Core
import Foundation
import Store

/// Queues alert mail for reconcile runs that ended `blocked` or `failed` (issue 6), throttled
/// per connection: after an alert about a connection, further problems with it within
/// ``throttle`` wait for the nightly report. Each alert's `Message-ID` is derived from its run
/// id, so a run is never alerted twice, even across restarts.
public struct AlertDispatcher: Sendable {
    private let database: Database
    private let outbox: MailOutbox
    private let recipients: [String]
    /// At most one alert per connection within this time.
    public let throttle: Duration
    private let options: ReportBuilder.Options

    /// A dispatcher queueing into `outbox` for `recipients`.
    public init(
        database: Database, outbox: MailOutbox, recipients: [String], throttle: Duration,
        options: ReportBuilder.Options = ReportBuilder.Options()
    ) {
        self.database = database
        self.outbox = outbox
        self.recipients = recipients
        self.throttle = throttle
        self.options = options
    }

    /// Queues alerts for runs that finished blocked or failed at or after `since`; returns the
    /// number queued and the latest finish time seen (the next cursor).
    public func dispatch(finishedSince since: Date, now: Date = Date()) async throws -> (queued: Int, cursor: Date) {
        let runs: [(id: String, tenant: String, connection: String, outcome: String, finished: Date)] =
            try await database.read { connection in
                try connection.query(
                    """
                    SELECT id, tenant, connection_id, outcome, finished_at FROM reconcile_runs
                    WHERE outcome IN ('blocked', 'failed') AND finished_at >= ? AND dry_run = 0 ORDER BY finished_at
                    """, since
                ).map { (try $0.value(at: 0), try $0.value(at: 1), try $0.value(at: 2), try $0.value(at: 3), try $0.value(at: 4)) }
            }
        var cursor = since
        var queued = 0
        let throttleSeconds = Double(throttle.components.seconds)
        for run in runs {
            cursor = max(cursor, run.finished)
            let last = try await database.read {
                try MailOutboxTable.lastAlert(tenant: run.tenant, connectionID: run.connection, on: $0)
            }
            if let last, now.timeIntervalSince(last) < throttleSeconds { continue }
            let report = try await ReportBuilder(database: database, options: options)
                .build(from: now.addingTimeInterval(-24 * 3600), to: now, now: now)
            let kind: AttentionItem.Kind = run.outcome == "blocked" ? .blockedRun : .failedRun
            let connection = report.tenants.first { $0.name == run.tenant }?.connections.first { $0.id == run.connection }
            let item =
                report.attention.first { $0.kind == kind && $0.connectionID == run.connection && $0.tenant == run.tenant }
                ?? AttentionItem(
                    kind: kind, tenant: run.tenant, connectionID: run.connection, connectionName: connection?.name,
                    message: "reconcile run \(run.id) \(run.outcome)")
            let message = ReportMail.alert(
                item, report: report, from: outbox.settings.from, to: recipients, unique: "alert-\(run.id)", date: now)
            if try await outbox.enqueue(message, kind: .alert, tenant: run.tenant, connectionID: run.connection) != nil {
                queued += 1
            }
        }
        return (queued, cursor)
    }
}
