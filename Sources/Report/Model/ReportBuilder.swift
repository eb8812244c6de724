import Core
import Foundation
import Store

/// Builds a ``ReportModel`` from the database in one read transaction, so every figure comes
/// from the same snapshot.
public struct ReportBuilder: Sendable {
    /// Options of a build.
    public struct Options: Sendable {
        /// A connection with no push for longer than this is listed under "needs your attention".
        public var quietConnectionAfter: Duration = .seconds(24 * 3600)
        /// Creates the defaults.
        public init() {}
    }

    private let database: Database
    private let options: Options

    /// A builder reading `database`.
    public init(database: Database, options: Options = Options()) {
        self.database = database
        self.options = options
    }

    /// The report for `[start, end)`.
    public func build(from start: Date, to end: Date, now: Date = Date()) async throws -> ReportModel {
        let quiet = options.quietConnectionAfter
        return try await database.read { connection in
            try Self.build(from: start, to: end, now: now, quietAfter: quiet, on: connection)
        }
    }

    /// Reads every tenant and connection and builds the report for `[start, end)`; connections without a push for
    /// longer than `quietAfter` before `now` are listed under "needs your attention".
    static func build(
        from start: Date, to end: Date, now: Date, quietAfter: Duration, on db: SQLiteConnection
    ) throws -> ReportModel {
        let rows = try db.query("SELECT id, tenant, name, idp, created_at FROM connections ORDER BY tenant, name")
        var byTenant: [String: [ConnectionReport]] = [:]
        for name in try db.query("SELECT name FROM tenants ORDER BY name") { byTenant[try name.value(at: 0)] = [] }
        var attention: [AttentionItem] = []
        let quietSeconds = Double(quietAfter.components.seconds)
        for row in rows {
            let tenantText: String = try row.value("tenant")
            guard let tenant = TenantName(rawValue: tenantText) else { continue }
            var report = ConnectionReport(id: try row.value("id"), name: try row.value("name"), idp: try row.value("idp"))
            let createdAt: Date = try row.value("created_at")
            try ConnectionQueries.fill(&report, tenant: tenant, from: start, to: end, on: db)
            let item = { (kind: AttentionItem.Kind, message: String) in
                AttentionItem(
                    kind: kind, tenant: tenantText, connectionID: report.id, connectionName: report.name, message: message)
            }
            if report.runs.count("blocked") > 0 {
                attention.append(item(.blockedRun, "\(plural(report.runs.count("blocked"), "reconcile run")) blocked by the safety valve: deactivations held back; review with 'roster reconcile --dry-run'"))
            }
            if let failure = report.failures.first {
                attention.append(item(.failedRun, "\(plural(report.runs.count("failed"), "reconcile run")) failed; latest: \(failure.reason)"))
            }
            if report.parked.expired > 0 {
                attention.append(item(.expiredParked, "\(plural(report.parked.expired, "parked operation")) expired: their users never arrived"))
            }
            let lastPush = report.push.lastPushAt ?? createdAt
            if now.timeIntervalSince(lastPush) > quietSeconds {
                let since = report.push.lastPushAt.map { "since \(RFC3339.format($0))" } ?? "since it was created"
                attention.append(item(.quietConnection, "no push received \(since)"))
            }
            byTenant[tenantText, default: []].append(report)
        }
        let mail = try MailOutboxTable.counts(from: start, to: end, on: db)
        if let failed = mail["failed"], failed > 0 {
            attention.append(
                AttentionItem(
                    kind: .mailFailed, tenant: nil, connectionID: nil, connectionName: nil,
                    message: "\(plural(failed, "message")) could not be delivered (see the mail_outbox table)"))
        }
        let order = AttentionItem.Kind.allCases
        attention.sort { order.firstIndex(of: $0.kind)! < order.firstIndex(of: $1.kind)! }
        return ReportModel(
            generatedAt: now, windowStart: start, windowEnd: end, attention: attention,
            tenants: byTenant.keys.sorted().map { TenantReport(name: $0, connections: byTenant[$0]!) })
    }
}

/// `1 run`, `3 runs`.
func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
