/// The report as an HTML e-mail body: inline CSS only (mail clients drop `<style>` blocks and
/// external sheets), layout tables, bar figures drawn with sized table cells, no scripts and no
/// images. The markup is also well-formed XML (every element closed, every text escaped), which
/// the tests check with an XML parser.
public enum HTMLReportRenderer {
    private static let font = "font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;"
    private static let cell = "padding:4px 8px;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top;"

    /// Renders `report`.
    public static func render(_ report: ReportModel) -> String {
        typealias F = ReportFormatting
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width" />\
            <title>\(escape(report.subject))</title></head>
            <body style="margin:0;padding:16px;background:#f3f4f6;\(font)color:#111827;">
            <table role="presentation" cellpadding="0" cellspacing="0" style="max-width:760px;width:100%;\
            background:#ffffff;border-radius:8px;padding:16px;"><tr><td>
            <h1 style="font-size:20px;margin:0 0 4px 0;">Roster nightly report</h1>
            <p style="margin:0 0 12px 0;color:#6b7280;font-size:13px;">\(escape(F.time(report.windowStart))) – \
            \(escape(F.time(report.windowEnd)))</p>
            <p style="margin:0 0 16px 0;font-size:15px;font-weight:bold;">\(escape(report.subject))</p>

            """
        html += attention(report.attention)
        for tenant in report.tenants {
            html += "<h2 style=\"font-size:17px;margin:20px 0 8px 0;\">Tenant \(escape(tenant.name))</h2>\n"
            if tenant.connections.isEmpty {
                html += "<p style=\"color:#6b7280;\">No connections.</p>\n"
            }
            for connection in tenant.connections { html += self.connection(connection) }
        }
        html += "</td></tr></table>\n</body></html>\n"
        return html
    }

    private static func attention(_ items: [AttentionItem]) -> String {
        var html = """
            <table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;\
            margin-bottom:8px;"><tr><td style="padding:10px 12px;border-left:4px solid \
            \(items.isEmpty ? "#10b981" : "#dc2626");background:\(items.isEmpty ? "#ecfdf5" : "#fef2f2");">
            <strong>Needs your attention</strong>
            """
        if items.isEmpty {
            html += "<p style=\"margin:4px 0 0 0;\">Nothing: every connection is in order.</p>"
        } else {
            html += "<ul style=\"margin:4px 0 0 0;padding-left:18px;\">"
            for item in items {
                let place = [item.tenant, item.connectionName].compactMap { $0 }.joined(separator: " / ")
                html += "<li><strong>\(escape(place.isEmpty ? item.kind.rawValue : place))</strong>: \(escape(item.message))</li>"
            }
            html += "</ul>"
        }
        return html + "</td></tr></table>\n"
    }

    private static func connection(_ c: ConnectionReport) -> String {
        typealias F = ReportFormatting
        var html = """
            <h3 style="font-size:15px;margin:16px 0 6px 0;">\(escape(c.name)) \
            <span style="color:#6b7280;font-weight:normal;font-size:12px;">\(escape(c.id)) · \(escape(c.idp))</span></h3>
            <table cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;font-size:13px;">

            """
        let rows: [(String, String)] = [
            ("Users", "\(c.users.total) total, \(c.users.active) active · changes: \(F.counts(c.users.changes))"),
            ("Teams", "\(c.teams.total) total · changes: \(F.counts(c.teams.changes))"),
            ("Push traffic", "\(c.push.requests) requests, \(c.push.errors) errors, \(c.push.rejected) rejected · p50 \(F.milliseconds(c.push.latencyP50Milliseconds)), p99 \(F.milliseconds(c.push.latencyP99Milliseconds))"),
            ("Errors", "by status: \(F.counts(c.push.errorsByStatus)) · by scimType: \(F.counts(c.push.errorsByScimType))"),
            ("Last push", c.push.lastPushAt.map(F.time) ?? "never"),
            ("Reconcile runs", "\(c.runs.total) (\(F.counts(c.runs.byOutcome))), \(c.runs.dryRuns) dry · \(c.runs.apiCalls) API calls, \(c.runs.rateLimitWaits) rate-limit waits · mean \(F.seconds(c.runs.meanDurationSeconds)), max \(F.seconds(c.runs.maxDurationSeconds))"),
            ("Drift", "by kind: \(F.counts(c.driftByKind)) · by attribution: \(F.counts(c.driftByAttribution))"),
            ("Parked operations", "\(c.parked.new) new, \(c.parked.resolved) resolved, \(c.parked.expired) expired, \(c.parked.open) open"),
            ("Stale members removed", String(c.staleMembersRemoved)),
        ]
        for (label, value) in rows {
            html += "<tr><th style=\"\(cell)width:170px;color:#374151;\">\(escape(label))</th><td style=\"\(cell)\">\(escape(value))</td></tr>\n"
        }
        html += "<tr><th style=\"\(cell)color:#374151;\">Actions</th><td style=\"\(cell)\">"
        html += bars([
            ("applied", c.actions["applied"] ?? 0, "#10b981"), ("skipped", c.actions["skipped"] ?? 0, "#f59e0b"),
            ("blocked", c.actions["blocked"] ?? 0, "#dc2626"), ("planned", c.actions["planned"] ?? 0, "#6b7280"),
        ])
        html += "</td></tr>\n<tr><th style=\"\(cell)color:#374151;\">Requests by status</th><td style=\"\(cell)\">"
        let ok = c.push.requests - c.push.errors
        html += bars([("2xx/3xx", ok, "#3b82f6")] + c.push.errorsByStatus.keys.sorted().map { ($0, c.push.errorsByStatus[$0]!, "#dc2626") })
        html += "</td></tr>\n"
        for failure in c.failures {
            html += "<tr><th style=\"\(cell)color:#b91c1c;\">Failure</th><td style=\"\(cell)\">\(escape(F.time(failure.time))) run \(escape(failure.runID)): \(escape(failure.reason))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    /// Horizontal bars as a table: one row per value, the bar a coloured cell whose width is
    /// the value's share of the largest (at least 1 px so a zero still shows its row).
    static func bars(_ values: [(label: String, value: Int, color: String)]) -> String {
        let largest = max(1, values.map(\.value).max() ?? 1)
        var html = "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"width:100%;font-size:12px;\">"
        for (label, value, color) in values {
            let percent = max(1, Int((Double(value) / Double(largest) * 100).rounded()))
            html += """
                <tr><td style="width:70px;padding:1px 4px 1px 0;">\(escape(label))</td><td style="padding:1px 0;">\
                <table role="presentation" cellpadding="0" cellspacing="0" style="width:\(value == 0 ? 1 : percent)%;">\
                <tr><td style="background:\(color);height:10px;font-size:1px;line-height:1px;">&#160;</td></tr></table>\
                </td><td style="width:50px;text-align:right;padding:1px 0 1px 4px;">\(value)</td></tr>
                """
        }
        return html + "</table>"
    }

    /// Escapes text for an HTML element or a quoted attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
