/// The report for a terminal (`roster report`): plain text, 100 columns at most, attention
/// first.
public enum TextReportRenderer {
    /// Renders `report`.
    public static func render(_ report: ReportModel) -> String {
        typealias F = ReportFormatting
        var out = "Roster report \(F.time(report.windowStart)) – \(F.time(report.windowEnd))\n"
        out += report.subject + "\n\n"
        out += "NEEDS YOUR ATTENTION\n"
        if report.attention.isEmpty { out += "  nothing\n" }
        for item in report.attention {
            let place = [item.tenant, item.connectionName].compactMap { $0 }.joined(separator: "/")
            out += "  ! [\(item.kind.rawValue)] \(place.isEmpty ? "" : place + ": ")\(item.message)\n"
        }
        for tenant in report.tenants {
            out += "\nTENANT \(tenant.name)\n"
            if tenant.connections.isEmpty { out += "  no connections\n" }
            for c in tenant.connections {
                out += "  CONNECTION \(c.name) (\(c.id), \(c.idp))\n"
                out += "    users          \(c.users.total) total, \(c.users.active) active; changes: \(F.counts(c.users.changes))\n"
                out += "    teams          \(c.teams.total) total; changes: \(F.counts(c.teams.changes))\n"
                out += "    push           \(c.push.requests) requests, \(c.push.errors) errors, \(c.push.rejected) rejected; "
                out += "p50 \(F.milliseconds(c.push.latencyP50Milliseconds)), p99 \(F.milliseconds(c.push.latencyP99Milliseconds))\n"
                out += "    errors         by status: \(F.counts(c.push.errorsByStatus)); by scimType: \(F.counts(c.push.errorsByScimType))\n"
                out += "    last push      \(c.push.lastPushAt.map(F.time) ?? "never")\n"
                out += "    reconcile      \(c.runs.total) runs (\(F.counts(c.runs.byOutcome))), \(c.runs.dryRuns) dry; "
                out += "\(c.runs.apiCalls) API calls, \(c.runs.rateLimitWaits) rate-limit waits; "
                out += "mean \(F.seconds(c.runs.meanDurationSeconds)), max \(F.seconds(c.runs.maxDurationSeconds))\n"
                out += "    drift          by kind: \(F.counts(c.driftByKind)); by attribution: \(F.counts(c.driftByAttribution))\n"
                out += "    actions        \(F.counts(c.actions))\n"
                out += "    parked         \(c.parked.new) new, \(c.parked.resolved) resolved, \(c.parked.expired) expired, \(c.parked.open) open\n"
                out += "    stale members  \(c.staleMembersRemoved) removed\n"
                for failure in c.failures {
                    out += "    failure        \(F.time(failure.time)) run \(failure.runID): \(failure.reason)\n"
                }
            }
        }
        return out
    }
}
