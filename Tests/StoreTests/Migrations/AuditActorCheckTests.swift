import Core
import Foundation
import TestSupport
import Testing

@testable import Store

/// Migration `0013-audit-actor-check`: the audit table is rebuilt with an `actor` check SQLite
/// evaluates without an ephemeral index, keeping every event, its sequence number, the
/// `AUTOINCREMENT` high-water mark, the indexes and the constraints.
@Suite struct AuditActorCheckTests {
    private static let acme = TenantName(rawValue: "acme")!

    /// The audit insert of ``AuditRecorder``, as SQLite compiles it.
    private static func insertProgram(_ connection: SQLiteConnection) throws -> [String] {
        try connection.query(
            """
            EXPLAIN INSERT INTO audit_events
                (time, tenant, connection_id, actor, request_id, action, subject_type, subject_id, before, after)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            arguments: [Int64?](repeating: nil, count: 10)
        ).map { try $0.value(at: 1, as: String.self) }
    }

    @Test func eventsSequenceAndHighWaterMarkSurviveTheRebuild() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.file("roster.db")
            let previous = Array(Migration.all.prefix { $0.identifier != "0013-audit-actor-check" })
            #expect(previous.count == Migration.all.count - 1)
            let old = try SQLiteConnection(path: path)
            try old.configureForWriting()
            try Migrator(migrations: previous).migrate(old)
            // The old table builds an ephemeral index on every insert: what the rebuild removes.
            #expect(try Self.insertProgram(old).contains("OpenEphemeral"))
            try old.execute("INSERT INTO tenants (name, created_at) VALUES ('acme', 1)")
            try old.execute(
                "INSERT INTO connections (id, tenant, name, idp, created_at) VALUES ('c1', 'acme', 'Okta', 'okta', 1)")
            try old.write {
                for (index, actor) in ["scim", "reconciler", "admin", "scim", "admin"].enumerated() {
                    try AuditRecorder.append(
                        AuditEvent(
                            time: Date(timeIntervalSince1970: Double(index + 1)), tenant: Self.acme,
                            connectionID: index == 2 ? nil : "c1", actor: AuditActor(rawValue: actor)!,
                            requestID: "r-\(index)", action: "user.changed", subjectType: "user", subjectID: "u\(index)",
                            before: index == 0 ? nil : #"{"active":true}"#, after: #"{"active":false,"n":\#(index)}"#),
                        on: old)
                }
            }
            // Retention pruned the two newest-looking events: the high-water mark (5) is above max(seq).
            try old.execute("DELETE FROM audit_events WHERE seq > 3")
            let before = try old.query("SELECT \(AuditEvent.columns) FROM audit_events ORDER BY seq").map(AuditEvent.init(row:))
            #expect(before.map(\.sequence) == [1, 2, 3])
            try old.close()

            let database = try await Database.open(at: path, readers: 1)
            #expect(try await database.schemaVersion() == Migration.all.count)
            #expect(try await database.integrityCheck() == [])
            let after = try await database.read { connection in
                try connection.query("SELECT \(AuditEvent.columns) FROM audit_events ORDER BY seq").map(AuditEvent.init(row:))
            }
            #expect(after == before)
            let indexes = try await database.read { connection in
                try connection.query(
                    "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'audit_events' ORDER BY name"
                ).map { try $0.value(at: 0, as: String.self) }
            }
            #expect(indexes == ["audit_by_subject", "audit_by_tenant", "audit_by_time"])
            #expect(try await database.read { try Self.insertProgram($0) }.contains("OpenEphemeral") == false)
            // A new event continues after the high-water mark, never reusing a pruned number.
            let next = try await database.write { connection in
                try AuditRecorder.append(
                    AuditEvent(
                        time: Date(), tenant: Self.acme, connectionID: "c1", actor: .scim, requestID: nil,
                        action: "user.provisioned", subjectType: "user", subjectID: "u9", before: nil, after: "{}"),
                    on: connection)
            }
            #expect(next == 6)
            await database.close()
        }
    }

    @Test func theRebuiltTableKeepsItsConstraints() async throws {
        try await withTenantDatabase(Self.acme) { database, connectionID async throws in
            let insert = """
                INSERT INTO audit_events (time, tenant, connection_id, actor, action, subject_type, subject_id, after)
                VALUES (1, ?, ?, ?, 'x', 'user', 'u1', ?)
                """
            // Every actor the application writes is accepted.
            for actor in AuditActor.allCases {
                try await database.write { try $0.execute(insert, Self.acme.rawValue, connectionID, actor.rawValue, "{}") }
            }
            let refused: [(actor: String, after: String, connection: String)] = [
                ("robot", "{}", connectionID),  // not an actor
                ("SCIM", "{}", connectionID),  // compared exactly, as before
                ("scim", "{not json", connectionID),  // after must be JSON
                ("scim", "{}", "no-such-connection"),  // foreign key
            ]
            for row in refused {
                let error = await #expect(throws: (any Error).self, "\(row)") {
                    try await database.write { try $0.execute(insert, Self.acme.rawValue, row.connection, row.actor, row.after) }
                }
                #expect(String(describing: error).contains("constraint failed"), "\(row): \(String(describing: error))")
            }
            let count = try await database.read {
                try $0.queryFirst("SELECT count(*) FROM audit_events WHERE action = 'x'")!.value(at: 0, as: Int.self)
            }
            #expect(count == AuditActor.allCases.count)
        }
    }
}
