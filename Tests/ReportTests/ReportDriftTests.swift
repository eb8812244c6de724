import Core
import Foundation
import Report
import Store
import TestSupport
import Testing

/// The report's drift counts come from SQL over the run's action rows (and, for runs recorded
/// before those, over the `plan` text), so a plan of any size is counted: parsing `plan` under
/// the 1 MiB JSON limit silently dropped a first sync's.
@Suite struct ReportDriftTests {
    static let reason = "app user status DEPROVISIONED, so the user must not have access (out of scope)"

    @Test func countsDriftOfRunsLargerThanTheJSONLimit() async throws {
        try await withTemporaryDatabase { database, _ in
            let directory = Directory(database: database)
            let tenant = TenantName(rawValue: "acme")!
            _ = try await directory.createTenant(tenant, requestID: nil)
            let connection = try await directory.createConnection(tenant: tenant, name: "okta", idp: .okta, requestID: nil)
            let now = Date()
            let count = 12_000
            // A run recorded as rows: 9,000 provisions applied, 3,000 deactivations blocked.
            let rows = (0..<count).map { position in
                ReconcileRunActionRecord(
                    position: position, kind: position < 9000 ? "provision-user" : "deactivate-user",
                    subjectID: "scim-\(position)", userID: "user\(position)@example.com", reason: Self.reason,
                    drift: position < 9000 ? "push-never-arrived" : "out-of-scope",
                    outcome: position < 9000 ? "applied" : "blocked")
            }
            // A run recorded before the rows existed: the same plan as one JSON text.
            var plan = "["
            for row in rows.prefix(6000) {
                if row.position > 0 { plan += "," }
                plan += #"{"drift":"\#(row.drift)","kind":"\#(row.kind)","outcome":"\#(row.outcome)","reason":"\#(row.reason)","subject":"\#(row.subjectID)","user":"\#(row.userID!)"}"#
            }
            plan += "]"
            #expect(plan.utf8.count > JSONValue.defaultMaxBytes)
            #expect(throws: (any Error).self) { try JSONValue.parse(plan) }
            let runs = [
                ReconcileRunRecord(
                    id: "rec-rows", tenant: tenant, connectionID: connection.id, startedAt: now.addingTimeInterval(-60),
                    finishedAt: now.addingTimeInterval(-30), outcome: .blocked, dryRun: false),
                ReconcileRunRecord(
                    id: "rec-text", tenant: tenant, connectionID: connection.id, startedAt: now.addingTimeInterval(-120),
                    finishedAt: now.addingTimeInterval(-90), outcome: .succeeded, dryRun: false, plan: plan),
                // Outside the window: not counted.
                ReconcileRunRecord(
                    id: "rec-old", tenant: tenant, connectionID: connection.id, startedAt: now.addingTimeInterval(-3 * 86400),
                    finishedAt: now.addingTimeInterval(-3 * 86400), outcome: .succeeded, dryRun: false),
            ]
            try await database.write { connection in
                for run in runs { try ReconcileRunTable.insert(run, on: connection) }
                try ReconcileRunActionTable.insert(runID: "rec-rows", rows, on: connection)
                try ReconcileRunActionTable.insert(runID: "rec-old", rows.prefix(10), on: connection)
            }
            let report = try await ReportBuilder(database: database)
                .build(from: now.addingTimeInterval(-86400), to: now.addingTimeInterval(1), now: now.addingTimeInterval(1))
            let c = try #require(report.tenants.first?.connections.first { $0.id == connection.id })
            #expect(c.runs.total == 2)
            #expect(c.driftByKind == ["provision-user": 9000 + 6000, "deactivate-user": 3000])
            #expect(c.driftByAttribution == ["push-never-arrived": 15_000, "out-of-scope": 3000])
            #expect(c.actions == ["applied": 15_000, "blocked": 3000])
        }
    }
}
