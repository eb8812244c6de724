import Core
import CurlTransport
import Foundation
import Report
import Store
import TestSupport
import Testing

/// The report built from a real database: runs, parked operations, push traffic and the
/// attention list.
@Suite struct ReportBuilderTests {
    @Test func buildsFiguresAndAttention() async throws {
        try await withTemporaryDatabase { database, _ in
            let directory = Directory(database: database)
            let tenant = TenantName(rawValue: "acme")!
            _ = try await directory.createTenant(tenant, requestID: nil)
            let quiet = try await directory.createConnection(tenant: tenant, name: "quiet", idp: .okta, requestID: nil)
            let busy = try await directory.createConnection(tenant: tenant, name: "busy", idp: .okta, requestID: nil)
            let now = Date()
            let plan = #"[{"kind":"deactivate-user","drift":"push-never-arrived","outcome":"blocked"},{"kind":"add-member","drift":"local-change","outcome":"applied"}]"#
            try await database.write { connection in
                try ReconcileRunTable.insert(
                    ReconcileRunRecord(
                        id: "run-blocked", tenant: tenant, connectionID: busy.id, startedAt: now.addingTimeInterval(-60),
                        finishedAt: now.addingTimeInterval(-58), outcome: .blocked, dryRun: false, plan: plan, apiCalls: 4,
                        rateLimitWaits: 1), on: connection)
                try ReconcileRunTable.insert(
                    ReconcileRunRecord(
                        id: "run-failed", tenant: tenant, connectionID: busy.id, startedAt: now.addingTimeInterval(-30),
                        finishedAt: now.addingTimeInterval(-29), outcome: .failed, dryRun: false, apiCalls: 1,
                        error: "Okta answered 503"), on: connection)
                // Old run outside the window.
                try ReconcileRunTable.insert(
                    ReconcileRunRecord(
                        id: "run-old", tenant: tenant, connectionID: busy.id, startedAt: now.addingTimeInterval(-3 * 86400),
                        finishedAt: now.addingTimeInterval(-3 * 86400), outcome: .failed, dryRun: false), on: connection)
            }
            let recorder = PushTrafficRecorder(database: database, interval: .milliseconds(10))
            for status in [200, 200, 201, 409] {
                recorder.record(
                    PushTrafficSample(
                        tenant: "acme", connectionID: busy.id, time: now, status: status,
                        scimType: status == 409 ? "uniqueness" : nil, latency: .milliseconds(status == 409 ? 300 : 3)))
            }
            // A request to an unknown connection is dropped, not an error.
            recorder.record(
                PushTrafficSample(tenant: "nope", connectionID: "x", time: now, status: 401, scimType: nil, latency: .zero))
            await recorder.flush()
            var options = ReportBuilder.Options()
            options.quietConnectionAfter = .seconds(0)
            let report = try await ReportBuilder(database: database, options: options)
                .build(from: now.addingTimeInterval(-86400), to: now.addingTimeInterval(1), now: now.addingTimeInterval(1))
            let c = try #require(report.tenants.first?.connections.first { $0.id == busy.id })
            #expect(c.runs.total == 2)
            #expect(c.runs.byOutcome == ["blocked": 1, "failed": 1])
            #expect(c.runs.apiCalls == 5)
            #expect(c.runs.rateLimitWaits == 1)
            #expect(c.driftByKind == ["deactivate-user": 1, "add-member": 1])
            #expect(c.actions == ["blocked": 1, "applied": 1])
            #expect(c.failures.map(\.reason) == ["Okta answered 503"])
            #expect(c.push.requests == 4)
            #expect(c.push.errorsByStatus == ["409": 1])
            #expect(c.push.errorsByScimType == ["uniqueness": 1])
            #expect(c.push.latencyP50Milliseconds == 5)
            #expect(c.push.latencyP99Milliseconds == 500)
            let kinds = report.attention.map { "\($0.kind.rawValue):\($0.connectionName ?? "")" }
            #expect(kinds.contains("blocked-run:busy"))
            #expect(kinds.contains("failed-run:busy"))
            #expect(kinds.contains("quiet-connection:quiet"))
            #expect(report.attention.first?.kind == .blockedRun)
            #expect(report.subject == "acme: 1 drift repaired, 1 run blocked, 1 run failed")
            _ = quiet
        }
    }

    @Test func alertsAreThrottledPerConnectionAndNeverRepeated() async throws {
        try await withTemporaryDatabase { database, _ in
            let directory = Directory(database: database)
            let tenant = TenantName(rawValue: "acme")!
            _ = try await directory.createTenant(tenant, requestID: nil)
            let connection = try await directory.createConnection(tenant: tenant, name: "prod", idp: .okta, requestID: nil)
            let now = Date()
            for (index, outcome) in [ReconcileRunRecord.Outcome.blocked, .failed].enumerated() {
                try await database.write {
                    try ReconcileRunTable.insert(
                        ReconcileRunRecord(
                            id: "run-\(index)", tenant: tenant, connectionID: connection.id, startedAt: now,
                            finishedAt: now.addingTimeInterval(Double(index)), outcome: outcome, dryRun: false), on: $0)
                }
            }
            let outbox = MailOutbox(
                database: database, settings: MailSettings(url: "smtp://127.0.0.1:1", security: .none, from: "r@example.com"))
            let dispatcher = AlertDispatcher(
                database: database, outbox: outbox, recipients: ["ops@example.com"], throttle: .seconds(3600))
            let first = try await dispatcher.dispatch(finishedSince: now.addingTimeInterval(-60), now: now)
            #expect(first.queued == 1)
            let again = try await dispatcher.dispatch(finishedSince: now.addingTimeInterval(-60), now: now)
            #expect(again.queued == 0)
            let later = try await dispatcher.dispatch(finishedSince: now.addingTimeInterval(-60), now: now.addingTimeInterval(7200))
            #expect(later.queued == 1)
            let messages = try await database.read { try MailOutboxTable.recent(limit: 10, on: $0) }
            #expect(messages.count == 2)
            #expect(messages.allSatisfy { $0.kind == .alert && $0.subject.hasPrefix("Roster alert: acme/prod") })
        }
    }
}
