import Core
import Foundation
import Report
import Store

/// `roster report [--since 24h] [--format text|json|html] [--send]` (issue 6).
struct ReportCommands {
    /// The resolved settings: the database path and the mail (SMTP) settings for `--send`.
    let configuration: AgentConfiguration
    /// Where the rendered report (stdout) and diagnostics (stderr) are written.
    let output: any OutputSink
    /// The process environment, read for the SMTP password so it never has to appear on the command line.
    let environment: [String: String]

    /// Builds the report for the last `since` and prints it in `format`, or mails it when `send` is set. Mail settings
    /// are checked before the database is opened, so a usage problem is reported first.
    /// - Throws: ``CLIError`` for usage, store, render or delivery failures.
    func run(since: Duration, format: ReportFormat, send: Bool) async throws(CLIError) -> ExitCode {
        // Check the mail settings before touching the database: a usage problem is reported first.
        let settings = send ? try MailSetup.settings(configuration, environment: environment) : nil
        let database = try await DatabaseOpening.open(configuration.databasePath)
        do {
            let code = try await perform(since: since, format: format, settings: settings, database: database)
            await database.close()
            return code
        } catch {
            await database.close()
            throw error
        }
    }

    private func perform(
        since: Duration, format: ReportFormat, settings: MailSettings?, database: Database
    ) async throws(CLIError) -> ExitCode {
        var options = ReportBuilder.Options()
        options.quietConnectionAfter = configuration.report.quietConnectionAfter
        let now = Date()
        let start = now.addingTimeInterval(-Double(since.components.seconds))
        let report: ReportModel
        do {
            report = try await ReportBuilder(database: database, options: options).build(from: start, to: now, now: now)
        } catch {
            throw DatabaseOpening.describe(error)
        }
        switch format {
        case .text: output.out(TextReportRenderer.render(report))
        case .json: output.out(JSONReportRenderer.render(report))
        case .html: output.out(HTMLReportRenderer.render(report))
        }
        guard let settings else { return .success }
        let outbox = MailOutbox(database: database, settings: settings)
        let message = ReportMail.report(report, from: settings.from, to: configuration.report.to)
        do {
            try await outbox.enqueue(message, kind: .report)
            _ = try await outbox.deliverDue()
            let stored = try await database.read { connection in
                try connection.queryFirst("SELECT id FROM mail_outbox WHERE message_id = ?", message.messageID)
                    .flatMap { row -> OutboxMessage? in try MailOutboxTable.message(id: try row.value(at: 0), on: connection) }
            }
            switch stored?.state {
            case .sent?:
                output.err("report sent to \(configuration.report.to.joined(separator: ", ")) (\(message.messageID))\n")
                return .success
            case .failed?:
                throw CLIError.failure("the mail server refused the report: \(stored?.lastError ?? "unknown")")
            default:
                throw CLIError.failure(
                    "the report could not be sent yet (\(stored?.lastError ?? "unknown")); it stays in the outbox and 'roster serve' retries it")
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw DatabaseOpening.describe(error)
        }
    }
}
