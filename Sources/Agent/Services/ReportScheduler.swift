import Foundation
import Report
import Store

/// The nightly report, alerts and mail delivery of `serve` (issue 6), as three loops in one
/// task group: the report is queued at `report.at` in `report.timeZone`; alerts for blocked or
/// failed runs are queued within ``alertPoll`` of the run's end (throttled per connection);
/// the outbox delivers queued mail on its own queue. None of it touches the request path.
struct ReportScheduler {
    /// The `report` settings: send time, time zone, recipients, alert throttle and the quiet-connection threshold.
    let configuration: ReportConfiguration
    /// The database the report and alerts are built from, and where the mail outbox lives.
    let database: Database
    /// The SMTP settings the outbox delivers with.
    let settings: MailSettings
    /// Receives a line per queued report, alert and delivery result.
    let logger: Logger
    /// How often finished runs are checked for alerts.
    var alertPoll: Duration = .seconds(15)

    /// Runs the report, alert and outbox loops in one task group until the task is cancelled.
    func run() async {
        var builderOptions = ReportBuilder.Options()
        builderOptions.quietConnectionAfter = configuration.quietConnectionAfter
        let options = builderOptions
        let outbox = MailOutbox(database: database, settings: settings)
        await withDiscardingTaskGroup { group in
            group.addTask {
                await outbox.run { result in
                    logger.info("mail delivery", [("sent", .int(result.sent)), ("retried", .int(result.retried)), ("failed", .int(result.failed))])
                }
            }
            group.addTask { await alerts(outbox: outbox, options: options) }
            group.addTask { await nightly(outbox: outbox, options: options) }
        }
    }

    private func alerts(outbox: MailOutbox, options: ReportBuilder.Options) async {
        let dispatcher = AlertDispatcher(
            database: database, outbox: outbox, recipients: configuration.to, throttle: configuration.alertThrottle,
            options: options)
        // Runs that ended shortly before a restart still get their alert (ids dedupe).
        var cursor = Date().addingTimeInterval(-3600)
        while !Task.isCancelled {
            do {
                let (queued, next) = try await dispatcher.dispatch(finishedSince: cursor)
                cursor = next
                if queued > 0 { logger.info("alerts queued", [("count", .int(queued))]) }
            } catch {
                logger.warning("alert check failed", [("error", .string("\(error)"))])
            }
            do { try await Task.sleep(for: alertPoll) } catch { return }
        }
    }

    private func nightly(outbox: MailOutbox, options: ReportBuilder.Options) async {
        while !Task.isCancelled {
            let now = Date()
            guard let next = Self.nextRun(after: now, at: configuration.at, timeZone: configuration.timeZone) else { return }
            do { try await Task.sleep(for: .seconds(next.timeIntervalSince(now))) } catch { return }
            do {
                let report = try await ReportBuilder(database: database, options: options)
                    .build(from: next.addingTimeInterval(-24 * 3600), to: next, now: Date())
                let unique = "report-\(Int(next.timeIntervalSince1970))"
                let message = ReportMail.report(report, from: settings.from, to: configuration.to, unique: unique)
                try await outbox.enqueue(message, kind: .report)
                logger.info("nightly report queued", [("subject", .string(report.subject))])
            } catch {
                logger.warning("nightly report failed", [("error", .string("\(error)"))])
            }
        }
    }

    /// The next `HH:MM` in `timeZone` strictly after `date`.
    static func nextRun(after date: Date, at time: String, timeZone: String) -> Date? {
        let parts = time.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, let zone = TimeZone(identifier: timeZone) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.nextDate(
            after: date, matching: DateComponents(hour: parts[0], minute: parts[1], second: 0),
            matchingPolicy: .nextTime)
    }
}
