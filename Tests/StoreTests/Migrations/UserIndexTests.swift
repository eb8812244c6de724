import Core
import Foundation
@testable import Store
import TestSupport
import Testing

/// The user table's indexes after every migration (0010 and 0012 dropped the ones no query
/// needed): exactly these, and the statements that filter users by connection still seek one.
@Suite struct UserIndexTests {
    private static let acme = TenantName(rawValue: "acme")!

    @Test func usersKeepOnlyTheIndexesQueriesUse() async throws {
        try await withTenantDatabase(Self.acme) { database, connectionID async throws in
            let (indexes, plans) = try await database.read { connection in
                let indexes = try connection.query(
                    "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'users' AND sql IS NOT NULL ORDER BY name"
                ).map { try $0.value(at: 0, as: String.self) }
                // The shapes of the by-connection reads: SCIM listing, reconciler, report counts.
                let statements = [
                    "SELECT id FROM users WHERE tenant = ? AND connection_id = ? AND deleted_at IS NULL ORDER BY rowid",
                    "SELECT rowid, id FROM users WHERE tenant = ? AND connection_id = ?",
                    "SELECT count(*), coalesce(sum(active), 0) FROM users WHERE tenant = ? AND connection_id = ? AND deleted_at IS NULL",
                ]
                let plans = try statements.map { sql in
                    try connection.query("EXPLAIN QUERY PLAN " + sql, arguments: [Self.acme.rawValue, connectionID])
                        .map { try $0.value(at: 3, as: String.self) }.joined(separator: " | ")
                }
                return (indexes, plans)
            }
            #expect(
                indexes == [
                    "users_deleted_user_name", "users_external_id", "users_listing", "users_platform_active",
                    "users_platform_listing", "users_user_name",
                ])
            for plan in plans {
                #expect(plan.contains("USING INDEX users_listing (tenant=? AND connection_id=?"), "\(plan)")
            }
        }
    }
}
