import Core
import Foundation
import HTTPServer
import Receiver
import Store
import Testing
import TestSupport

/// Request-log facts, the rejected-request ring, metrics, audit queries and access history.
@Suite("Observability")
struct ObservabilityTests {
    @Test func requestFactsForTheLog() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        var reply = await scim.send(
            .post, "/Users", #"{"userName":"log@example.com","externalId":"00ulog"}"#,
            headers: [("User-Agent", "Okta SCIM Client 1.0.0")])
        let id = try #require(reply.string("id"))
        #expect(reply.annotation("operation") == "user.create")
        #expect(reply.annotation("outcome") == "ok")
        #expect(reply.annotation("dialect") == "okta")
        #expect(reply.annotation("resourceId") == id)
        #expect(reply.annotation("externalId") == "00ulog")
        #expect(reply.annotation("connection") == scim.connectionID)
        reply = await scim.send(.patch, "/Users/\(id)", patchBody(#"{"op":"Replace","path":"active","value":"False"}"#))
        #expect(reply.annotation("dialect") == "entra")
        #expect(reply.annotation("operation") == "user.patch")
        reply = await scim.send(.post, "/Users", #"{"userName":"LOG@example.com"}"#)
        #expect(reply.annotation("outcome") == "rejected")
        #expect(reply.annotation("scimType") == "uniqueness")
        let group = try await scim.createGroup("Eng")
        reply = await scim.send(.patch, "/Groups/\(group)", patchBody(#"{"op":"add","path":"members","value":[{"value":"\#(id)"}]}"#))
        #expect(reply.annotation("operation") == "group.patch.members")
        reply = await scim.send(.get, "/Users", token: "rst_nope")
        #expect(reply.annotation("outcome") == "unauthorized")
    }

    @Test func dialectDetection() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let cases: [(agent: String?, path: String, expected: String)] = [
            ("Okta SCIM Client 1.0.0", "/Users", "okta"), ("OKTA-provisioning", "/Users", "okta"),
            ("Microsoft.Identity.Provisioning", "/Users", "entra"), ("AZURE AD", "/Users", "entra"),
            ("x-AaD-y", "/Users", "entra"), ("curl/8.5.0", "/Users", "other"), (nil, "/Users", "other"),
            ("curl/8.5.0", "/Users?aadOptscim062020", "entra"), ("oka", "/Users?aadoptscim062020", "other"),
        ]
        for (agent, path, expected) in cases {
            let reply = await scim.send(.get, path, headers: agent.map { [("User-Agent", $0)] } ?? [])
            #expect(reply.annotation("dialect") == expected, "\(agent ?? "no agent") \(path)")
        }
        let id = try await scim.createUser("dialect@example.com")
        for (op, expected) in [(#""op":"Add""#, "entra"), (#""op":"add""#, "other")] {
            let reply = await scim.send(
                .patch, "/Users/\(id)", patchBody(#"{\#(op),"path":"title","value":"x"}"#))
            #expect(reply.annotation("dialect") == expected)
        }
    }

    @Test func rejectedRequestsAreKeptRedacted() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let reply = await scim.send(
            .post, "/Users", #"{"userName":"a\u0000b","password":"Hunter2!","name":{"password":"nested"},"note":"rst_secretlooking"}"#)
        #expect(reply.status == 400)
        _ = await scim.send(.post, "/Users", "{not json with password Hunter3!")
        // Unauthenticated junk is not kept (it would let anyone fill the ring).
        _ = await scim.send(.post, "/Users", #"{"userName":"x"}"#, token: "rst_nope")
        var records: [RejectedRequest] = []
        for _ in 0..<100 {
            records = try await scim.database.read { [tenant = scim.tenant] connection in
                try RejectedRequestTable.recent(tenant: tenant, limit: 10, on: connection)
            }
            if records.count >= 2 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(records.count == 2)
        let json = try #require(records.last)
        #expect(json.route == "/Users")
        #expect(json.method == "POST")
        #expect(json.status == 400)
        #expect(json.scimType == "invalidValue")
        #expect(!json.body.contains("Hunter2!"))
        #expect(!json.body.contains("nested"))
        #expect(!json.body.contains("rst_secretlooking"))
        #expect(json.body.contains("userName"))
        let garbage = try #require(records.first)
        #expect(!garbage.body.contains("Hunter3!"))
        #expect(garbage.body.contains("not valid JSON"))
    }

    @Test func accessHistoryReplaysTheAuditTrail() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        func tick() async throws -> Date {
            try await Task.sleep(for: .milliseconds(15))
            let now = Date()
            try await Task.sleep(for: .milliseconds(15))
            return now
        }
        let t0 = try await tick()
        let alice = try await scim.createUser("alice@example.com")
        let group = try await scim.createGroup("Eng", members: [alice])
        let t1 = try await tick()
        _ = await scim.send(.patch, "/Users/\(alice)", patchBody(#"{"op":"replace","value":{"active":false}}"#))
        let t2 = try await tick()
        _ = await scim.send(.patch, "/Users/\(alice)", patchBody(#"{"op":"replace","value":{"active":true}}"#))
        _ = await scim.send(.patch, "/Groups/\(group)", patchBody(#"{"op":"replace","value":{"displayName":"Engineering"}}"#))
        let t3 = try await tick()
        _ = await scim.send(.delete, "/Users/\(alice)")
        let t4 = try await tick()
        func at(_ time: Date) async throws -> [AccessHistory.Entry] {
            try await scim.database.read { [tenant = scim.tenant] connection in
                try AccessHistory.reconstruct(tenant: tenant, at: time, on: connection).entries
            }
        }
        #expect(try await at(t0).isEmpty)
        #expect(try await at(t1) == [.init(userID: alice, userName: "alice@example.com", active: true, teams: ["Eng"])])
        #expect(try await at(t2) == [.init(userID: alice, userName: "alice@example.com", active: false, teams: [])])
        #expect(try await at(t3) == [.init(userID: alice, userName: "alice@example.com", active: true, teams: ["Engineering"])])
        #expect(try await at(t4).isEmpty)
    }

    @Test func auditQueriesAndRetention() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let alice = try await scim.createUser("alice@example.com")
        let bob = try await scim.createUser("bob@example.com")
        let group = try await scim.createGroup("Eng", members: [alice, bob])
        _ = await scim.send(.patch, "/Users/\(alice)", patchBody(#"{"op":"replace","path":"title","value":"CTO"}"#))
        let tenant = scim.tenant
        let aliceEvents = try await scim.database.read { connection in
            try AuditQuery(userID: alice).run(tenant: tenant, on: connection).map(\.action)
        }
        #expect(aliceEvents == ["user.provisioned", "member.added", "user.updated"])
        let teamEvents = try await scim.database.read { connection in
            try AuditQuery(teamID: group).run(tenant: tenant, on: connection).map(\.action)
        }
        #expect(teamEvents == ["team.created", "member.added", "member.added"])
        // Retention far in the future deletes everything except the latest event per subject
        // (and per membership pair): the latest state survives.
        let deleted = try await scim.database.write { connection in
            try AuditRetention.prune(olderThan: Date().addingTimeInterval(3600), on: connection)
        }
        #expect(deleted >= 1)
        let history = try await scim.database.read { connection in
            try AccessHistory.reconstruct(tenant: tenant, at: Date().addingTimeInterval(7200), on: connection)
        }
        #expect(history.entries.map(\.userName) == ["alice@example.com", "bob@example.com"])
        #expect(history.entries.allSatisfy { $0.active && $0.teams == ["Eng"] })
    }

    @Test func metricsExposition() async throws {
        let registry = MetricsRegistry()
        registry.increment("roster_http_requests_total", [("route", "/a\"b\\c\nd"), ("method", "GET"), ("status", "200")])
        registry.increment("roster_http_requests_total", [("route", "/a\"b\\c\nd"), ("method", "GET"), ("status", "200")])
        registry.observe("roster_http_request_duration_seconds", [("route", "/x")], seconds: 0.003)
        #expect(registry.counter("roster_http_requests_total", [("route", "/a\"b\\c\nd"), ("method", "GET"), ("status", "200")]) == 2)
        // The per-request fast path lands in the same series, whichever string carries the route.
        let route = String("/a\"b\\c\nd".utf8.map { Character(UnicodeScalar($0)) })
        registry.recordRequest(route: route, method: "GET", status: 200, seconds: 0.0004)
        registry.recordRequest(route: "/x", method: "POST", status: 201, seconds: 0.02)
        registry.recordRequest(route: "/y", method: "GET", status: 404, seconds: 30)
        #expect(registry.counter("roster_http_requests_total", [("route", "/a\"b\\c\nd"), ("method", "GET"), ("status", "200")]) == 3)
        #expect(registry.counter("roster_http_requests_total", [("route", "/x"), ("method", "POST"), ("status", "201")]) == 1)
        #expect(registry.counter("roster_http_requests_total", [("route", "/x"), ("method", "GET"), ("status", "201")]) == 0)
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        _ = try await scim.createUser("m@example.com")
        let response = await MetricsEndpoint(registry: registry, database: scim.database).respond()
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(response.headers["Content-Type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(text.contains(#"roster_http_requests_total{route="/a\"b\\c\nd",method="GET",status="200"} 3"#))
        #expect(text.contains(#"roster_http_requests_total{route="/x",method="POST",status="201"} 1"#))
        // observe() and recordRequest() on one route share one histogram.
        #expect(text.contains(#"roster_http_request_duration_seconds_bucket{route="/x",le="0.005"} 1"#))
        #expect(text.contains(#"roster_http_request_duration_seconds_bucket{route="/x",le="0.025"} 2"#))
        #expect(text.contains(#"roster_http_request_duration_seconds_bucket{route="/x",le="+Inf"} 2"#))
        #expect(text.contains(#"roster_http_request_duration_seconds_bucket{route="/y",le="10"} 0"#))
        #expect(text.contains(#"roster_http_request_duration_seconds_bucket{route="/y",le="+Inf"} 1"#))
        #expect(text.contains(#"roster_http_request_duration_seconds_count{route="/x"} 2"#))
        #expect(text.contains(#"roster_users{tenant="acme",state="active"} 1"#))
        #expect(text.contains("roster_database_up 1"))
        try PrometheusValidation.validate(text)
    }
}


@Suite("Reconcile metrics")
struct ReconcileMetricsTests {
    @Test func failedRunsShowOktasErrorCode() async throws {
        #expect(ObservabilityQueries.oktaErrorCode(in: "token request refused: invalid_client (hint …)") == "invalid_client")
        #expect(ObservabilityQueries.oktaErrorCode(in: "403 E0000006 You do not have permission") == "E0000006")
        #expect(ObservabilityQueries.oktaErrorCode(in: "connection refused") == nil)
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        let tenant = scim.tenant.rawValue
        let connectionID = scim.connectionID
        try await scim.database.write { connection in
            let start = Date().addingTimeInterval(-120)
            try connection.execute(
                """
                INSERT INTO reconcile_runs (id, tenant, connection_id, started_at, finished_at, outcome, dry_run,
                    counts, api_calls, rate_limit_waits, error)
                VALUES ('r1', ?, ?, ?, ?, 'succeeded', 0, '{"deactivate":2,"add-member":3}', 10, 1, NULL),
                       ('r2', ?, ?, ?, ?, 'failed', 0, NULL, 1, 0, 'token request refused: invalid_client')
                """,
                tenant, connectionID, start, start.addingTimeInterval(30),
                tenant, connectionID, start.addingTimeInterval(60), start.addingTimeInterval(61))
        }
        let text = String(decoding: await MetricsEndpoint(registry: MetricsRegistry(), database: scim.database).respond().body, as: UTF8.self)
        try PrometheusValidation.validate(text)
        let labels = #"tenant="acme",connection="\#(connectionID)""#
        #expect(text.contains(#"roster_reconcile_last_run_failed{\#(labels),outcome="failed",code="invalid_client"} 1"#))
        #expect(text.contains(#"roster_reconcile_runs_total{\#(labels),outcome="failed"} 1"#))
        #expect(text.contains(#"roster_reconcile_items_total{\#(labels),kind="add-member"} 3"#))
        #expect(text.contains(#"roster_reconcile_api_calls_total{\#(labels)} 11"#))
        #expect(text.contains(#"roster_reconcile_duration_seconds_bucket{\#(labels),le="15"} 1"#))
        #expect(text.contains(#"roster_reconcile_duration_seconds_bucket{\#(labels),le="30"} 2"#))
        #expect(text.contains("roster_reconcile_last_success_timestamp_seconds{\(labels)}"))
    }

    @Test func mailOutboxDepthAndFailures() async throws {
        let scim = try await SCIMHarness.make()
        defer { Task { await scim.close() } }
        try await scim.database.write { connection in
            let now = Date()
            for (id, state, attempts) in [("m1", "queued", 2), ("m2", "sent", 1), ("m3", "failed", 3)] {
                try connection.execute(
                    """
                    INSERT INTO mail_outbox (message_id, kind, sender, recipients, subject, message, state, attempts,
                        next_attempt_at, created_at)
                    VALUES (?, 'report', 'r@x.com', '["a@x.com"]', 's', x'00', ?, ?, ?, ?)
                    """,
                    id, state, attempts, now, now)
            }
        }
        let text = String(decoding: await MetricsEndpoint(registry: MetricsRegistry(), database: scim.database).respond().body, as: UTF8.self)
        try PrometheusValidation.validate(text)
        #expect(text.contains(#"roster_mail_outbox_messages{state="queued",kind="report"} 1"#))
        #expect(text.contains(#"roster_mail_outbox_messages{state="failed",kind="report"} 1"#))
        #expect(text.contains("roster_mail_failed_attempts_total 5"))
    }
}
