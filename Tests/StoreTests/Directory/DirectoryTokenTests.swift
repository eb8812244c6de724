import Core
import Crypto
import Foundation
import Store
import Synchronization
import TestSupport
import Testing

@Suite struct DirectoryTokenTests {
    private let acme = TenantName(rawValue: "acme")!
    private let globex = TenantName(rawValue: "globex")!

    @Test func createListAndAuthenticate() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            let directory = Directory(database: database)
            _ = try await directory.createTenant(acme, requestID: nil)
            let connection = try await directory.createConnection(tenant: acme, name: "c", idp: .okta, requestID: nil)
            let (scim, secret) = try await directory.createToken(
                tenant: acme, scope: .scim(connectionID: connection.id), requestID: "r1")
            let (platform, platformSecret) = try await directory.createToken(tenant: acme, scope: .platform, requestID: nil)

            #expect(scim.id.hasPrefix("tok") && scim.id.count == 19)
            #expect(Hex.decode(String(scim.id.dropFirst(3))) != nil)
            #expect(secret.hasPrefix("rst_") && secret.count == 47)
            #expect(secret != platformSecret)
            #expect(try await directory.tokens(tenant: acme).map(\.id).sorted() == [scim.id, platform.id].sorted())

            let authenticated = try #require(try await directory.authenticate(secret: secret))
            #expect(authenticated.id == scim.id)
            #expect(authenticated.scope == .scim(connectionID: connection.id))
            #expect(authenticated.lastUsedAt != nil)
            #expect(try await directory.authenticate(secret: platformSecret)?.scope == .platform)
        }
    }

    @Test func unknownAndMalformedSecretsDoNotAuthenticate() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            let directory = Directory(database: database)
            _ = try await directory.createTenant(acme, requestID: nil)
            let (_, secret) = try await directory.createToken(tenant: acme, scope: .platform, requestID: nil)
            #expect(try await directory.authenticate(secret: "") == nil)
            #expect(try await directory.authenticate(secret: try SecureRandom.token()) == nil)
            #expect(try await directory.authenticate(secret: String(secret.dropLast())) == nil)
            #expect(try await directory.authenticate(secret: secret + "x") == nil)
            #expect(try await directory.authenticate(secret: String(repeating: "a", count: 10_000)) == nil)
        }
    }

    /// A revocation committed by another process (the CLI, through its own connection) is seen by
    /// the very next token check on a pool reader.
    @Test func revocationByAnotherConnectionIsSeenOnTheNextRead() async throws {
        try await withTemporaryDatabase(readers: 1) { database, path async throws in
            let directory = Directory(database: database)
            _ = try await directory.createTenant(acme, requestID: nil)
            let (token, secret) = try await directory.createToken(tenant: acme, scope: .platform, requestID: nil)
            let digest = try #require(Directory.digest(ofSecret: secret))
            #expect(try await database.read { try Directory.activeToken(digest: digest, on: $0) }?.id == token.id)
            try revokeTokenFromAnotherConnection(path: path, tokenID: token.id)
            #expect(try await database.read { try Directory.activeToken(digest: digest, on: $0) } == nil)
        }
    }

    @Test func revokedTokensStopAuthenticatingAndRevokeIsIdempotent() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            let directory = Directory(database: database)
            _ = try await directory.createTenant(acme, requestID: nil)
            let (token, secret) = try await directory.createToken(tenant: acme, scope: .platform, requestID: nil)
            #expect(try await directory.authenticate(secret: secret) != nil)
            let revoked = try await directory.revokeToken(tenant: acme, id: token.id, requestID: "rv")
            #expect(revoked.revokedAt != nil && !revoked.isActive)
            #expect(try await directory.authenticate(secret: secret) == nil)
            let again = try await directory.revokeToken(tenant: acme, id: token.id, requestID: "rv2")
            #expect(again == revoked)
            let actions = try await AuditLog(database: database).events(tenant: acme, after: nil, limit: 50).map(\.action)
            #expect(actions == ["tenant.created", "token.created", "token.revoked"])
            await #expect {
                _ = try await directory.revokeToken(tenant: acme, id: "tok0000000000000000", requestID: nil)
            } throws: { error in
                if case StoreError.notFound = error { return true }
                return false
            }
        }
    }

    @Test func tokensAreIsolatedByTenant() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            let directory = Directory(database: database)
            _ = try await directory.createTenant(acme, requestID: nil)
            _ = try await directory.createTenant(globex, requestID: nil)
            let acmeConnection = try await directory.createConnection(tenant: acme, name: "c", idp: .okta, requestID: nil)
            let (acmeToken, acmeSecret) = try await directory.createToken(
                tenant: acme, scope: .scim(connectionID: acmeConnection.id), requestID: nil)

            #expect(try await directory.tokens(tenant: globex).isEmpty)
            await #expect {
                _ = try await directory.revokeToken(tenant: globex, id: acmeToken.id, requestID: nil)
            } throws: { error in
                if case StoreError.notFound = error { return true }
                return false
            }
            // A SCIM token of globex cannot be bound to acme's connection.
            await #expect {
                _ = try await directory.createToken(
                    tenant: globex, scope: .scim(connectionID: acmeConnection.id), requestID: nil)
            } throws: { error in
                if case StoreError.notFound = error { return true }
                return false
            }
            await #expect {
                _ = try await directory.createToken(tenant: TenantName(rawValue: "nope")!, scope: .platform, requestID: nil)
            } throws: { error in
                if case StoreError.notFound = error { return true }
                return false
            }
            // The acme token still works and still says acme.
            #expect(try await directory.authenticate(secret: acmeSecret)?.tenant == acme)
            #expect(try await directory.tokens(tenant: acme).first?.revokedAt == nil)
        }
    }

    @Test func lastUsedIsUpdatedAtMostOncePerMinute() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            let clock = SteppingClock(Date(unixMilliseconds: 1_700_000_000_000))
            let directory = Directory(database: database, clock: clock)
            _ = try await directory.createTenant(acme, requestID: nil)
            let (_, secret) = try await directory.createToken(tenant: acme, scope: .platform, requestID: nil)
            let first = try #require(try await directory.authenticate(secret: secret)?.lastUsedAt)
            clock.advance(by: 30)
            #expect(try await directory.authenticate(secret: secret)?.lastUsedAt == first)
            #expect(try await directory.tokens(tenant: acme)[0].lastUsedAt == first)
            clock.advance(by: 31)
            let later = try #require(try await directory.authenticate(secret: secret)?.lastUsedAt)
            #expect(later.timeIntervalSince(first) == 61)
            #expect(try await directory.tokens(tenant: acme)[0].lastUsedAt == later)
        }
    }

    @Test func noPlaintextSecretInTheDatabaseFiles() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.file("roster.db")
            let database = try await Database.open(at: path, readers: 1)
            let store = Directory(database: database)
            _ = try await store.createTenant(acme, requestID: nil)
            let connection = try await store.createConnection(tenant: acme, name: "c", idp: .okta, requestID: nil)
            var secrets: [String] = []
            for _ in 0..<5 {
                secrets.append(try await store.createToken(tenant: acme, scope: .platform, requestID: nil).secret)
                secrets.append(
                    try await store.createToken(tenant: acme, scope: .scim(connectionID: connection.id), requestID: nil)
                        .secret)
            }
            // Check the WAL while it still holds the commits, then the main file after checkpointing.
            func scan() throws {
                for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                    let bytes = try Data(contentsOf: URL(fileURLWithPath: directory.file(file)))
                    for secret in secrets {
                        #expect(bytes.range(of: Data(secret.utf8)) == nil, "secret found in \(file)")
                        #expect(bytes.range(of: Data(secret.dropFirst(4).utf8)) == nil, "secret body found in \(file)")
                    }
                }
            }
            try scan()
            await database.close()
            try scan()
        }
    }
}

/// A clock tests can move forward.
final class SteppingClock: Core.Clock {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    func now() -> Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
}
