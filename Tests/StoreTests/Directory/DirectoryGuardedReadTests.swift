import Core
import Foundation
@testable import Store
import TestSupport
import Testing

/// `Directory.readGuarded`: a token verified on a reader is remembered until anything commits, and
/// a revocation from any connection or process still fails the very next read.
@Suite struct DirectoryGuardedReadTests {
    private static let acme = TenantName(rawValue: "acme")!

    /// What one guarded read saw.
    private struct Outcome: Sendable {
        /// The token the read was allowed with, or nil if it was refused.
        let tokenID: String?
        /// Whether the body ran.
        let bodyRan: Bool
        /// The tokens the reader remembers afterwards.
        let remembered: Int
    }

    /// A platform token of acme and its digest.
    private static func platformToken(_ database: Database) async throws -> (APIToken, [UInt8]) {
        try await PlatformTestToken.make(database, tenant: acme)
    }

    /// One guarded read whose body reads a table (or nothing, with `reads: false`).
    private static func guardedRead(
        _ database: Database, _ digest: [UInt8], tenant: TenantName = acme, reads: Bool = true
    ) async throws -> Outcome {
        try await database.read { connection in
            var ran = false
            let guarded = try Directory.readGuarded(
                digest: digest, on: connection, accepts: { $0.tenant == tenant && $0.scope == .platform }
            ) {
                ran = true
                return reads ? try connection.queryFirst("SELECT count(*) AS n FROM tenants")?.value("n") as Int? : 0
            }
            return Outcome(tokenID: guarded?.token.id, bodyRan: ran, remembered: connection.verifiedTokens.count)
        }
    }

    @Test func aVerifiedTokenIsRememberedAndStillAllowed() async throws {
        try await withTemporaryDatabase(readers: 1) { database, _ async throws in
            let (token, digest) = try await Self.platformToken(database)
            for _ in 0..<3 {
                let outcome = try await Self.guardedRead(database, digest)
                #expect(outcome.tokenID == token.id)
                #expect(outcome.bodyRan)
                #expect(outcome.remembered == 1)
            }
        }
    }

    @Test func aRevocationFromAnotherProcessFailsTheNextRead() async throws {
        try await withTemporaryDatabase(readers: 1) { database, path async throws in
            let (token, digest) = try await Self.platformToken(database)
            for _ in 0..<3 { #expect(try await Self.guardedRead(database, digest).tokenID == token.id) }
            try revokeTokenFromAnotherConnection(path: path, tokenID: token.id)
            let after = try await Self.guardedRead(database, digest)
            #expect(after.tokenID == nil)
            #expect(after.remembered == 0)
            #expect(try await Self.guardedRead(database, digest).tokenID == nil)
        }
    }

    @Test func aRevocationThroughTheWriterFailsTheNextRead() async throws {
        try await withTemporaryDatabase(readers: 1) { database, _ async throws in
            let (token, digest) = try await Self.platformToken(database)
            for _ in 0..<3 { #expect(try await Self.guardedRead(database, digest).tokenID == token.id) }
            _ = try await Directory(database: database).revokeToken(tenant: Self.acme, id: token.id, requestID: nil)
            #expect(try await Self.guardedRead(database, digest).tokenID == nil)
        }
    }

    /// A body that reads nothing takes no snapshot, so the remembered token cannot be trusted: it is
    /// read again.
    @Test func aBodyThatReadsNothingStillSeesTheRevocation() async throws {
        try await withTemporaryDatabase(readers: 1) { database, path async throws in
            let (token, digest) = try await Self.platformToken(database)
            #expect(try await Self.guardedRead(database, digest).tokenID == token.id)
            #expect(try await Self.guardedRead(database, digest, reads: false).tokenID == token.id)
            try revokeTokenFromAnotherConnection(path: path, tokenID: token.id)
            #expect(try await Self.guardedRead(database, digest, reads: false).tokenID == nil)
        }
    }

    @Test func anUnknownOrRefusedTokenNeverRunsTheBody() async throws {
        try await withTemporaryDatabase(readers: 1) { database, _ async throws in
            let (token, digest) = try await Self.platformToken(database)
            let unknown = try await Self.guardedRead(database, [UInt8](repeating: 7, count: 32))
            #expect(unknown.tokenID == nil && !unknown.bodyRan)
            // Remembered for acme, then presented for another tenant: refused before the body.
            #expect(try await Self.guardedRead(database, digest).tokenID == token.id)
            let foreign = try await Self.guardedRead(database, digest, tenant: TenantName(rawValue: "globex")!)
            #expect(foreign.tokenID == nil && !foreign.bodyRan)
        }
    }

    /// The body runs before a remembered token is revalidated; if the token turns out revoked, the
    /// refusal wins over whatever the body threw.
    @Test func aRevocationWinsOverTheBodysError() async throws {
        struct BodyFailed: Error {}
        try await withTemporaryDatabase(readers: 1) { database, path async throws in
            let (token, digest) = try await Self.platformToken(database)
            let failing: @Sendable (SQLiteConnection) throws -> (String?)? = { connection in
                try Directory.readGuarded(digest: digest, on: connection, accepts: { _ in true }) { () throws -> Int in
                    _ = try connection.queryFirst("SELECT count(*) FROM tenants")
                    throw BodyFailed()
                }.map(\.token.id)
            }
            #expect(try await Self.guardedRead(database, digest).tokenID == token.id)
            await #expect(throws: BodyFailed.self) { _ = try await database.read(failing) }
            try revokeTokenFromAnotherConnection(path: path, tokenID: token.id)
            let refused = try await database.read(failing)
            #expect(refused == nil)
        }
    }

    @Test func theDataVersionChangesWithEveryCommitAndOnlyThen() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("v.db")
        let writer = try SQLiteConnection(path: path)
        try writer.execute("PRAGMA journal_mode=WAL")
        try writer.execute("CREATE TABLE t(v INTEGER)")
        let reader = try SQLiteConnection(path: path, create: false, readOnly: true)
        defer {
            try? reader.close()
            try? writer.close()
        }
        func snapshotVersion() throws -> UInt32? {
            try reader.read { () throws -> UInt32? in
                #expect(!reader.holdsReadSnapshot, "BEGIN DEFERRED takes no snapshot by itself")
                _ = try reader.queryFirst("SELECT count(*) FROM t")
                #expect(reader.holdsReadSnapshot)
                return reader.dataVersion
            }
        }
        let first = try #require(try snapshotVersion())
        #expect(try snapshotVersion() == first)
        try writer.execute("INSERT INTO t VALUES (1)")
        let second = try #require(try snapshotVersion())
        #expect(second != first)
        #expect(try snapshotVersion() == second)
        #expect(!reader.holdsReadSnapshot)
    }

    @Test func theMemoIsBoundedInSizeAndAge() throws {
        let token = APIToken(
            id: "tok0000000000000001", tenant: Self.acme, scope: .platform, createdAt: Date(), lastUsedAt: nil,
            revokedAt: nil)
        #expect(VerifiedTokenMemo.Key([1, 2, 3]) == nil)
        var memo = VerifiedTokenMemo()
        let keys = (0...VerifiedTokenMemo.capacity).map { VerifiedTokenMemo.Key([UInt8](repeating: UInt8($0), count: 32))! }
        for key in keys.dropLast() { memo.remember(token, key: key, version: 1, now: 10) }
        #expect(memo.count == VerifiedTokenMemo.capacity)
        #expect(memo.entry(for: keys[0], now: 10)?.version == 1)
        // One more than fits: everything else goes.
        memo.remember(token, key: keys.last!, version: 2, now: 10)
        #expect(memo.count == 1)
        #expect(memo.entry(for: keys[0], now: 10) == nil)
        #expect(memo.entry(for: keys.last!, now: 10 + VerifiedTokenMemo.maximumAgeNanoseconds - 1) != nil)
        #expect(memo.entry(for: keys.last!, now: 10 + VerifiedTokenMemo.maximumAgeNanoseconds) == nil)
        memo.forget(keys.last!)
        #expect(memo.count == 0)
    }
}
