import Core
import Foundation
@testable import Store
import TestSupport
import Testing

/// The latest membership row of one user in one team (migration 0011): every statement that needs
/// it seeks `memberships_latest` instead of walking the team's whole history, and a user whose
/// access goes back and forth still gets exactly the right teams back.
@Suite struct MembershipLatestRowTests {
    private static let acme = TenantName(rawValue: "acme")!
    private static let time = Date(timeIntervalSince1970: 1_700_000_000)

    /// Runs `body` on the writer of a database with users `u1`, `u2` and teams `big`, `small`.
    private static func withTeams<T: Sendable>(
        _ body: @escaping @Sendable (SQLiteConnection) throws -> T
    ) async throws -> T {
        try await withTenantDatabase(acme) { database, connectionID async throws in
            try await database.write { connection in
                for id in ["u1", "u2"] {
                    try UserTable.insert(
                        UserRecord(
                            id: id, tenant: acme, connectionID: connectionID, externalID: "00\(id)",
                            userName: "\(id)@example.com", userNameCanonical: "\(id)@example.com", active: true,
                            deletedAt: nil, attributes: "{}", createdAt: time, updatedAt: time),
                        on: connection)
                }
                for id in ["big", "small"] {
                    try TeamTable.insert(
                        TeamRecord(
                            id: id, tenant: acme, connectionID: connectionID, externalID: nil, displayName: id,
                            displayNameCanonical: id, createdAt: time, updatedAt: time),
                        on: connection)
                }
                return try body(connection)
            }
        }
    }

    /// The query plan of `sql`, one line per step.
    private static func plan(_ sql: String, _ arguments: [any SQLiteValueConvertible], on connection: SQLiteConnection)
        throws -> String
    {
        try connection.query("EXPLAIN QUERY PLAN " + sql, arguments: arguments)
            .map { try $0.value(at: 3, as: String.self) }.joined(separator: " | ")
    }

    @Test func everyLatestRowLookupSeeksTheIndex() async throws {
        let plans = try await Self.withTeams { connection in
            [
                try Self.plan(MembershipTable.markAccessEndedRowRemoved, ["removed", "acme", "big", "u1"], on: connection),
                try Self.plan(MembershipTable.selectLatestRow, ["acme", "big", "u1"], on: connection),
                try Self.plan(MembershipTable.selectTeamsToRestore, ["acme", "u1"], on: connection),
            ]
        }
        for plan in plans {
            #expect(plan.contains("memberships_latest (tenant=? AND user_id=? AND team_id=?)"), "\(plan)")
            #expect(!plan.contains("memberships_platform_history"), "\(plan)")
        }
        // Restoring never walks the user's rows: the teams come from seeks (`team_id>?`), and the
        // only row-by-row step is over that short list of teams.
        #expect(plans[2].contains("memberships_latest (tenant=? AND user_id=? AND team_id>?)"), "\(plans[2])")
        #expect(!plans[2].contains("SEARCH m USING INDEX"), "\(plans[2])")
        // The check that spares users without teams the recursive query is one covering seek.
        let anyRow = try await Self.withTeams { connection in
            try Self.plan(MembershipTable.selectAnyRow, ["acme", "u1"], on: connection)
        }
        #expect(anyRow.contains("COVERING INDEX") && anyRow.contains("(tenant=? AND user_id=?)"), "\(anyRow)")
    }

    @Test func aUserWhoseAccessFlapsGetsExactlyTheRightTeamsBack() async throws {
        let restored = try await Self.withTeams { connection in
            let tenant = Self.acme
            // A big team's history: many other members come and go.
            for index in 0..<200 {
                try MembershipTable.add(tenant: tenant, teamID: "big", userID: "u2", at: Self.time, on: connection)
                try MembershipTable.remove(
                    tenant: tenant, teamID: "big", userID: "u2", reason: .removed, at: Self.time, on: connection)
                _ = index
            }
            try MembershipTable.add(tenant: tenant, teamID: "big", userID: "u1", at: Self.time, on: connection)
            try MembershipTable.add(tenant: tenant, teamID: "small", userID: "u1", at: Self.time, on: connection)
            var rounds: [[String]] = []
            for round in 0..<5 {
                let ended = try MembershipTable.endAccess(tenant: tenant, userID: "u1", at: Self.time, on: connection)
                #expect(Set(ended) == (round < 3 ? ["big", "small"] : ["big"]))
                if round == 2 {
                    // Removed by the IdP while without access: must not come back.
                    try MembershipTable.remove(
                        tenant: tenant, teamID: "small", userID: "u1", reason: .removed, at: Self.time, on: connection)
                }
                rounds.append(try MembershipTable.restoreAccess(tenant: tenant, userID: "u1", at: Self.time, on: connection))
            }
            // Recorded while without access: restored, once.
            _ = try MembershipTable.endAccess(tenant: tenant, userID: "u1", at: Self.time, on: connection)
            try MembershipTable.recordWithoutAccess(tenant: tenant, teamID: "small", userID: "u1", at: Self.time, on: connection)
            try MembershipTable.recordWithoutAccess(tenant: tenant, teamID: "small", userID: "u1", at: Self.time, on: connection)
            rounds.append(try MembershipTable.restoreAccess(tenant: tenant, userID: "u1", at: Self.time, on: connection))
            return rounds
        }
        #expect(restored.map { Set($0) } == [["big", "small"], ["big", "small"], ["big"], ["big"], ["big"], ["big", "small"]])
    }
}
