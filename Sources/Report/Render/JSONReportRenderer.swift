import Core
import Foundation

/// The report as one JSON document (`roster report --format json`). Field names are stable and
/// documented in the README ("Nightly report and alerts"); new fields may be added, existing
/// ones are never renamed or removed. Times are RFC 3339 UTC; absent values are `null`.
public enum JSONReportRenderer {
    /// The document.
    public static func document(_ report: ReportModel) -> JSONValue {
        .object([
            "generatedAt": .string(RFC3339.format(report.generatedAt)),
            "window": .object([
                "start": .string(RFC3339.format(report.windowStart)), "end": .string(RFC3339.format(report.windowEnd)),
            ]),
            "subject": .string(report.subject),
            "attention": .array(report.attention.map(attention)),
            "tenants": .array(
                report.tenants.map { tenant in
                    .object([
                        "name": .string(tenant.name), "summary": .string(ReportModel.summary(of: tenant)),
                        "connections": .array(tenant.connections.map(connection)),
                    ])
                }),
        ])
    }

    /// The document as text, with a trailing newline.
    public static func render(_ report: ReportModel) -> String { document(report).serializedString() + "\n" }

    private static func attention(_ item: AttentionItem) -> JSONValue {
        .object([
            "kind": .string(item.kind.rawValue), "tenant": optional(item.tenant),
            "connection": optional(item.connectionID), "connectionName": optional(item.connectionName),
            "message": .string(item.message),
        ])
    }

    private static func connection(_ c: ConnectionReport) -> JSONValue {
        .object([
            "id": .string(c.id), "name": .string(c.name), "idp": .string(c.idp),
            "users": population(c.users), "teams": population(c.teams),
            "push": .object([
                "requests": number(c.push.requests), "errors": number(c.push.errors),
                "errorsByStatus": counts(c.push.errorsByStatus), "errorsByScimType": counts(c.push.errorsByScimType),
                "latencyP50Ms": c.push.latencyP50Milliseconds.map(number) ?? .null,
                "latencyP99Ms": c.push.latencyP99Milliseconds.map(number) ?? .null,
                "rejected": number(c.push.rejected),
                "lastPushAt": c.push.lastPushAt.map { .string(RFC3339.format($0)) } ?? .null,
            ]),
            "runs": .object([
                "total": number(c.runs.total), "byOutcome": counts(c.runs.byOutcome), "dryRuns": number(c.runs.dryRuns),
                "apiCalls": number(c.runs.apiCalls), "rateLimitWaits": number(c.runs.rateLimitWaits),
                "meanDurationSeconds": c.runs.meanDurationSeconds.map(JSONValue.number) ?? .null,
                "maxDurationSeconds": c.runs.maxDurationSeconds.map(JSONValue.number) ?? .null,
            ]),
            "drift": .object(["byKind": counts(c.driftByKind), "byAttribution": counts(c.driftByAttribution)]),
            "actions": counts(c.actions),
            "parked": .object([
                "new": number(c.parked.new), "resolved": number(c.parked.resolved),
                "expired": number(c.parked.expired), "open": number(c.parked.open),
            ]),
            "staleMembersRemoved": number(c.staleMembersRemoved),
            "failures": .array(
                c.failures.map {
                    .object([
                        "time": .string(RFC3339.format($0.time)), "run": .string($0.runID), "reason": .string($0.reason),
                    ])
                }),
        ])
    }

    private static func population(_ p: ConnectionReport.Population) -> JSONValue {
        .object(["total": number(p.total), "active": number(p.active), "changes": counts(p.changes)])
    }

    private static func counts(_ counts: [String: Int]) -> JSONValue { .object(counts.mapValues(number)) }
    private static func number(_ value: Int) -> JSONValue { .number(Double(value)) }
    private static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
}
