import Core
import Foundation
import Store

/// `roster audit`, `roster access` and `roster rejected` (issue 7): read-only views of the audit
/// trail and the rejected-request ring, as a table or one JSON document.
struct InspectionCommands {
    /// The resolved settings; only `databasePath` is used here.
    let configuration: AgentConfiguration
    /// Whether `--json` asked for one JSON document instead of a table.
    let json: Bool
    /// Where results (stdout) and warnings (stderr) are written.
    let output: any OutputSink
    /// The source of "now" for relative times such as `--since 24h`; replaceable in tests.
    let clock: any Clock = SystemClock()

    /// Opens the database, runs the read-only `command` against it and closes it again, on success and on error.
    /// - Throws: ``CLIError`` for usage, store or I/O failures.
    func run(_ command: Command) async throws(CLIError) {
        let database = try await DatabaseOpening.open(configuration.databasePath)
        do {
            try await perform(command, database: database)
            await database.close()
        } catch {
            await database.close()
            throw error
        }
    }

    private func perform(_ command: Command, database: Database) async throws(CLIError) {
        switch command {
        case .audit(let tenant, let filter):
            try await requireTenant(tenant, database)
            var query = AuditQuery(userID: filter.userID, teamID: filter.teamID, limit: filter.limit)
            if let since = filter.since { query.since = try Self.time(since, now: clock.now(), topic: "audit") }
            let userName = filter.userName
            let baseQuery = query
            let events = try await call {
                try await database.read { connection in
                    var ids: [String?] = [baseQuery.userID]
                    if let userName {
                        let canonical = (try? UserNameCanonicalizer.canonicalize(userName)) ?? userName
                        ids = try AuditQuery.userIDs(
                            tenant: tenant, userNameCanonical: canonical, userName: userName, on: connection)
                    }
                    var events: [AuditEvent] = []
                    for id in ids {
                        var scoped = baseQuery
                        scoped.userID = id
                        events += try scoped.run(tenant: tenant, on: connection)
                    }
                    return events.sorted { ($0.sequence ?? 0) < ($1.sequence ?? 0) }
                }
            }
            printAudit(events)
        case .access(let tenant, let at, let userName):
            try await requireTenant(tenant, database)
            let time = try Self.time(at, now: clock.now(), topic: "access")
            let history = try await call {
                try await database.read { connection in
                    try AccessHistory.reconstruct(tenant: tenant, at: time, on: connection)
                }
            }
            let canonical = userName.map { (try? UserNameCanonicalizer.canonicalize($0)) ?? $0 }
            let entries = history.entries.filter { entry in
                canonical.map { (try? UserNameCanonicalizer.canonicalize(entry.userName)) == $0 } ?? true
            }
            printAccess(entries, at: time, oldest: history.oldestEventTime)
        case .rejected(let tenant, let limit):
            try await requireTenant(tenant, database)
            let records = try await call {
                try await database.read { connection in
                    try RejectedRequestTable.recent(tenant: tenant, limit: limit, on: connection)
                }
            }
            printRejected(records)
        default:
            break
        }
    }

    /// Parses RFC 3339, or an age such as `24h` meaning that long before `now`.
    static func time(_ text: String, now: Date, topic: String) throws(CLIError) -> Date {
        if let date = RFC3339.parse(text) { return date }
        if let age = DurationText.parse(text) {
            return now.addingTimeInterval(-Double(age.components.seconds) - Double(age.components.attoseconds) / 1e18)
        }
        throw .usage("'\(text)' is not a time: use RFC 3339 (2026-11-29T08:00:00Z) or an age such as 24h", topic: topic)
    }

    private func requireTenant(_ tenant: TenantName, _ database: Database) async throws(CLIError) {
        let found = try await call { try await Directory(database: database).tenant(named: tenant) }
        if found == nil { throw .failure("no tenant '\(tenant)'") }
    }

    private func call<T>(_ body: () async throws -> T) async throws(CLIError) -> T {
        do { return try await body() } catch { throw DatabaseOpening.describe(error) }
    }
}
