import Foundation
import HTTPServer
import Store

/// `GET /metrics`: the in-memory counters plus database-derived gauges, in the Prometheus text
/// exposition format. No token and no personal data: only counts, tenant names and token ids.
public struct MetricsEndpoint: Sendable {
    /// Counters recorded on the request path.
    public let registry: MetricsRegistry
    /// The database to read gauges from.
    public let database: Database

    /// Creates the endpoint.
    public init(registry: MetricsRegistry, database: Database) {
        self.registry = registry
        self.database = database
    }

    /// `# HELP` text for the metrics kept in the ``MetricsRegistry``, by metric name.
    static let help: [String: String] = [
        "roster_http_requests_total": "HTTP requests answered, by route pattern, method and status.",
        "roster_http_request_duration_seconds": "Time from request parsed to response ready, by route pattern.",
        "roster_http_protocol_errors_total": "Requests the HTTP layer refused itself (framing, limits, timeouts), by status.",
        "roster_scim_operations_total": "SCIM operations by kind and outcome.",
        "roster_platform_access_cache_total":
            "GET /access checks answered from the answer cache (hit) or by a database read (miss).",
    ]

    /// Renders the exposition document.
    public func respond() async -> HTTPResponse {
        var text = PrometheusText()
        registry.write(into: &text, help: Self.help)
        let path = database.path
        if let snapshot = try? await database.read({ connection in
            try ObservabilityQueries.snapshot(path: path, on: connection)
        }) {
            Self.write(snapshot, into: &text)
        } else {
            text.header("roster_database_up", type: "gauge", help: "Whether the database answered the scrape.")
            text.sample("roster_database_up", [], 0)
        }
        var response = HTTPResponse.text(.ok, text.text)
        response.headers["Content-Type"] = "text/plain; version=0.0.4; charset=utf-8"
        return response
    }

    /// Appends the gauges read from the database snapshot (database up, users, teams, runs, outbox) to `text`.
    static func write(_ snapshot: ObservabilitySnapshot, into text: inout PrometheusText) {
        text.header("roster_database_up", type: "gauge", help: "Whether the database answered the scrape.")
        text.sample("roster_database_up", [], 1)
        text.header("roster_users", type: "gauge", help: "Users that are not deleted, by tenant and access state.")
        for row in snapshot.users {
            text.sample("roster_users", [("tenant", row.tenant), ("state", "active")], Double(row.active))
            text.sample("roster_users", [("tenant", row.tenant), ("state", "inactive")], Double(row.inactive))
        }
        text.header("roster_teams", type: "gauge", help: "Teams that are not archived, by tenant.")
        for row in snapshot.teams { text.sample("roster_teams", [("tenant", row.tenant)], Double(row.count)) }
        text.header("roster_parked_operations_open", type: "gauge", help: "Membership changes waiting for their user.")
        for row in snapshot.parkedOpen {
            text.sample("roster_parked_operations_open", [("tenant", row.tenant)], Double(row.count))
        }
        text.header(
            "roster_token_last_used_timestamp_seconds", type: "gauge",
            help: "Last use of each active token (0 = never), Unix seconds.")
        for token in snapshot.tokens {
            text.sample(
                "roster_token_last_used_timestamp_seconds",
                [("tenant", token.tenant), ("token", token.id), ("kind", token.kind)],
                token.lastUsed.map { ($0.timeIntervalSince1970).rounded() } ?? 0)
        }
        text.header("roster_reconcile_runs_total", type: "counter", help: "Reconcile runs by connection and outcome.")
        for run in snapshot.reconcileRuns {
            text.sample(
                "roster_reconcile_runs_total",
                [("tenant", run.tenant), ("connection", run.connection), ("outcome", run.outcome)], Double(run.count))
        }
        text.header(
            "roster_reconcile_last_success_timestamp_seconds", type: "gauge",
            help: "End of the last successful reconcile run, Unix seconds.")
        for run in snapshot.reconcileLastSuccess {
            text.sample(
                "roster_reconcile_last_success_timestamp_seconds",
                [("tenant", run.tenant), ("connection", run.connection)], run.time.timeIntervalSince1970.rounded())
        }
        writeDurations(snapshot, into: &text)
        // Each family's samples stay together under its own TYPE line, as the format requires.
        text.header("roster_reconcile_api_calls_total", type: "counter", help: "Okta API calls made by reconcile runs.")
        for row in snapshot.reconcileCalls {
            text.sample(
                "roster_reconcile_api_calls_total", [("tenant", row.tenant), ("connection", row.connection)],
                Double(row.apiCalls))
        }
        text.header(
            "roster_reconcile_rate_limit_waits_total", type: "counter", help: "Rate-limit waits during reconcile runs.")
        for row in snapshot.reconcileCalls {
            text.sample(
                "roster_reconcile_rate_limit_waits_total", [("tenant", row.tenant), ("connection", row.connection)],
                Double(row.rateLimitWaits))
        }
        text.header(
            "roster_reconcile_items_total", type: "counter",
            help: "Drift found and actions taken by reconcile runs, by kind (the runs' counts).")
        for row in snapshot.reconcileCounts {
            text.sample(
                "roster_reconcile_items_total",
                [("tenant", row.tenant), ("connection", row.connection), ("kind", row.kind)], Double(row.count))
        }
        text.header(
            "roster_reconcile_last_run_failed", type: "gauge",
            help: "1 when a connection's latest reconcile run failed or was blocked, with Okta's error code if any.")
        for run in snapshot.reconcileLatest {
            var labels = [("tenant", run.tenant), ("connection", run.connection), ("outcome", run.outcome)]
            if let code = run.errorCode { labels.append(("code", code)) }
            text.sample("roster_reconcile_last_run_failed", labels, run.outcome == "succeeded" ? 0 : 1)
        }
        text.header("roster_mail_outbox_messages", type: "gauge", help: "Mail outbox messages by state and kind.")
        for row in snapshot.mailOutbox {
            text.sample("roster_mail_outbox_messages", [("state", row.state), ("kind", row.kind)], Double(row.count))
        }
        text.header(
            "roster_mail_failed_attempts_total", type: "counter", help: "Mail delivery attempts that did not succeed.")
        text.sample("roster_mail_failed_attempts_total", [], Double(snapshot.mailFailedAttempts))
        text.header("roster_rejected_requests_kept", type: "gauge", help: "Rejected request bodies kept, by tenant.")
        for row in snapshot.rejectedKept {
            text.sample("roster_rejected_requests_kept", [("tenant", row.tenant)], Double(row.count))
        }
        text.header("roster_database_size_bytes", type: "gauge", help: "Size of the SQLite database file.")
        text.sample("roster_database_size_bytes", [], Double(snapshot.databaseBytes))
        text.header("roster_wal_size_bytes", type: "gauge", help: "Size of the SQLite write-ahead log.")
        text.sample("roster_wal_size_bytes", [], Double(snapshot.walBytes))
    }

    private static func writeDurations(_ snapshot: ObservabilitySnapshot, into text: inout PrometheusText) {
        let name = "roster_reconcile_duration_seconds"
        text.header(name, type: "histogram", help: "Duration of recent finished reconcile runs.")
        let bounds: [Double] = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600]
        let groups = Dictionary(grouping: snapshot.reconcileDurations) { "\($0.tenant)\u{1}\($0.connection)" }
        for key in groups.keys.sorted() {
            let runs = groups[key]!
            let labels = [("tenant", runs[0].tenant), ("connection", runs[0].connection)]
            for bound in bounds {
                let count = runs.filter { $0.seconds <= bound }.count
                text.sample(name + "_bucket", labels + [("le", PrometheusText.format(bound))], Double(count))
            }
            text.sample(name + "_bucket", labels + [("le", "+Inf")], Double(runs.count))
            text.sample(name + "_sum", labels, runs.reduce(0) { $0 + $1.seconds })
            text.sample(name + "_count", labels, Double(runs.count))
        }
    }
}
