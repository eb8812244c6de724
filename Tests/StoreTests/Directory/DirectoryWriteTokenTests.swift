import Core
import Dispatch
import Foundation
@testable import Store
import TestSupport
import Testing

/// `Directory.activeTokenInWriteTransaction`: the writes of one transaction check their common
/// token once, and a revocation made by any connection, or earlier in the same transaction, still
/// refuses the very next write.
@Suite struct DirectoryWriteTokenTests {
    private static let acme = TenantName(rawValue: "acme")!

    /// A platform token of acme and its digest.
    private static func platformToken(_ database: Database) async throws -> (APIToken, [UInt8]) {
        try await PlatformTestToken.make(database, tenant: acme)
    }

    /// What one write transaction saw: the token id of each check, and the memo's size after each.
    private static func checks(
        _ database: Database, _ digest: [UInt8], count: Int = 3, between: (@Sendable (SQLiteConnection) throws -> Void)? = nil
    ) async throws -> [(id: String?, remembered: Int)] {
        try await database.write { connection in
            var seen: [(id: String?, remembered: Int)] = []
            for index in 0..<count {
                if index > 0 { try between?(connection) }
                let token = try Directory.activeTokenInWriteTransaction(digest: digest, on: connection)
                seen.append((token?.id, connection.verifiedTokens.count))
            }
            return seen
        }
    }

    @Test func oneTransactionChecksItsTokenOnceAndRemembersIt() async throws {
        try await withTemporaryDatabase(readers: 1) { database, _ async throws in
            let (token, digest) = try await Self.platformToken(database)
            let seen = try await Self.checks(database, digest)
            #expect(seen.map(\.id) == [token.id, token.id, token.id])
            #expect(seen.map(\.remembered) == [1, 1, 1])
        }
    }

    @Test func aRevocationEarlierInTheSameTransactionRefusesTheNextWrite() async throws {
        try await withTemporaryDatabase(readers: 1) { database, _ async throws in
            let (token, digest) = try await Self.platformToken(database)
            let seen = try await Self.checks(database, digest) { connection in
                // What `Directory.revokeToken` runs, here inside the same open transaction.
                try connection.execute("UPDATE tokens SET revoked_at = ? WHERE id = ?", Date(), token.id)
            }
            #expect(seen.map(\.id) == [token.id, nil, nil])
            #expect(seen.map(\.remembered) == [1, 0, 0])
        }
    }

    @Test func anyChangeToTokensEmptiesTheMemoAndOtherTablesDoNot() async throws {
        try await withTemporaryDatabase(readers: 1) { database, _ async throws in
            let (token, digest) = try await Self.platformToken(database)
            let afterOtherWrites = try await Self.checks(database, digest, count: 2) { connection in
                try connection.execute("UPDATE tenants SET name = name WHERE name = 'acme'")
            }
            #expect(afterOtherWrites.map(\.remembered) == [1, 1])
            let afterStamp = try await database.write { connection in
                _ = try Directory.activeTokenInWriteTransaction(digest: digest, on: connection)
                try connection.execute("UPDATE tokens SET last_used_at = ? WHERE id = ?", Date(), token.id)
                return connection.verifiedTokens.count
            }
            #expect(afterStamp == 0)
        }
    }

    @Test func aRevocationFromAnotherProcessRefusesTheNextTransaction() async throws {
        try await withTemporaryDatabase(readers: 1) { database, path async throws in
            let (token, digest) = try await Self.platformToken(database)
            #expect(try await Self.checks(database, digest).map(\.id) == [token.id, token.id, token.id])
            try revokeTokenFromAnotherConnection(path: path, tokenID: token.id)
            #expect(try await Self.checks(database, digest).map(\.id) == [nil, nil, nil])
        }
    }

    @Test func aRevocationThroughTheWriterRefusesTheNextTransaction() async throws {
        try await withTemporaryDatabase(readers: 1) { database, _ async throws in
            let (token, digest) = try await Self.platformToken(database)
            #expect(try await Self.checks(database, digest).map(\.id) == [token.id, token.id, token.id])
            _ = try await Directory(database: database).revokeToken(tenant: Self.acme, id: token.id, requestID: nil)
            #expect(try await Self.checks(database, digest).map(\.id) == [nil, nil, nil])
        }
    }

    /// The writer's own commit moves the data version but changes no token (unless it wrote
    /// `tokens`, which empties the memo): the next transaction trusts the token without reading it.
    @Test func theWritersOwnCommitKeepsTheTokenTrusted() async throws {
        try await withTemporaryDatabase(readers: 1) { database, _ async throws in
            let (token, digest) = try await Self.platformToken(database)
            let key = try #require(VerifiedTokenMemo.Key(digest))
            _ = try await Self.checks(database, digest, count: 1)
            for _ in 0..<3 {
                let trusted = try await database.write { connection in
                    try connection.execute("UPDATE tenants SET name = name WHERE name = 'acme'")
                    let entry = connection.verifiedTokens.entry(for: key, now: DispatchTime.now().uptimeNanoseconds)
                    return entry?.token.id == token.id && entry?.version == connection.dataVersion
                }
                #expect(trusted)
            }
            // A transaction that changed `tokens` carries nothing over.
            _ = try await Directory(database: database).createToken(tenant: Self.acme, scope: .platform, requestID: nil)
            let remembered = try await database.write { connection in connection.verifiedTokens.count }
            #expect(remembered == 0)
        }
    }
}
