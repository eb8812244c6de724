import Foundation

/// Turns a report or an alert into a ``MailMessage``.
public enum ReportMail {
    /// The nightly report mail. `unique` makes the `Message-ID` (e.g. the report's date, so a
    /// restarted scheduler does not queue the same night twice).
    public static func report(_ report: ReportModel, from: String, to: [String], unique: String? = nil) -> MailMessage {
        MailMessage(
            from: from, to: to, subject: report.subject, text: TextReportRenderer.render(report),
            html: HTMLReportRenderer.render(report),
            messageID: MailMessage.makeMessageID(from: from, unique: unique ?? "report-" + UUID().uuidString.lowercased()),
            date: report.generatedAt)
    }

    /// An alert about one connection (a blocked or failed run), with the report of the last
    /// hours of that connection's tenant for context.
    public static func alert(
        _ item: AttentionItem, report: ReportModel, from: String, to: [String], unique: String, date: Date
    ) -> MailMessage {
        let place = [item.tenant, item.connectionName].compactMap { $0 }.joined(separator: "/")
        let subject = "Roster alert: \(place): \(item.kind == .blockedRun ? "reconcile run blocked" : "reconcile run failed")"
        var focused = report
        focused.attention = [item]
        focused.tenants = report.tenants.filter { $0.name == item.tenant }.map { tenant in
            TenantReport(name: tenant.name, connections: tenant.connections.filter { $0.id == item.connectionID })
        }
        return MailMessage(
            from: from, to: to, subject: subject,
            text: "ALERT: \(place): \(item.message)\n\n" + TextReportRenderer.render(focused),
            html: HTMLReportRenderer.render(focused), messageID: MailMessage.makeMessageID(from: from, unique: unique),
            date: date)
    }
}
