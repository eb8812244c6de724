import Core
import Crypto
import Dispatch
import Foundation

extension Directory {
    /// How often `last_used_at` is written at most per token: often enough to show which tokens
    /// are in use, rare enough that authentication stays a read, not a write (and an fsync).
    public static let lastUsedResolution: TimeInterval = 60

    /// Longest secret considered: bounds hashing work on hostile input. Real secrets are 47 bytes.
    static let maximumSecretLength = 256

    /// The active token whose secret is `secret`, or nil if it is unknown or revoked.
    ///
    /// The lookup is by SHA-256 digest (the `token_hash` UNIQUE index): an attacker cannot steer
    /// the digest's prefix, so the index's byte comparison leaks nothing useful; the candidate's
    /// digest is then compared again in constant time (`CRYPTO_memcmp`) rather than trusting the
    /// index alone (hardening.md §1.8). Revocation takes effect at once: a due `last_used_at`
    /// update re-reads the token in the write transaction.
    ///
    /// The caller must still check that the token's tenant and scope match the request.
    public func authenticate(secret: String) async throws -> APIToken? {
        guard let digest = Self.digest(ofSecret: secret) else { return nil }
        let time = now()
        let found: APIToken? = try await database.read { connection in
            try Self.activeToken(digest: digest, on: connection)
        }
        guard let token = found else { return nil }
        if let lastUsed = token.lastUsedAt, time.timeIntervalSince(lastUsed) < Self.lastUsedResolution {
            return token
        }
        // Not audited: last use is bookkeeping, not a change of anyone's access.
        return try await database.write { connection in
            guard let current = try Self.activeToken(digest: digest, on: connection) else { return nil }
            if let lastUsed = current.lastUsedAt, time.timeIntervalSince(lastUsed) < Self.lastUsedResolution {
                return current
            }
            try connection.execute("UPDATE tokens SET last_used_at = ? WHERE id = ?", time, current.id)
            return APIToken(
                id: current.id, tenant: current.tenant, scope: current.scope, createdAt: current.createdAt,
                lastUsedAt: time, revokedAt: nil)
        }
    }

    /// The digest under which `secret` is stored, or nil for input that cannot be a token
    /// (empty or longer than ``maximumSecretLength``). Computed outside any transaction so the
    /// lookup itself (``activeToken(digest:on:)``) can run inside the request's own read or
    /// write, in the same trip to the database as the data it guards.
    public static func digest(ofSecret secret: String) -> [UInt8]? {
        guard isPlausibleSecret(secret) else { return nil }
        return SHA256.hash(secret)
    }

    /// Whether `secret` could be a token at all (not empty, not longer than
    /// ``maximumSecretLength``): the check ``digest(ofSecret:)`` makes before hashing, for callers
    /// that answer 401 at once and hash later, inside the request's database trip.
    public static func isPlausibleSecret(_ secret: String) -> Bool {
        !secret.isEmpty && secret.utf8.count <= maximumSecretLength
    }

    /// Built once: this runs on every authenticated request.
    private static let selectActiveToken = "SELECT \(APIToken.columns), token_hash FROM tokens WHERE token_hash = ?"

    /// The active token with `digest`, read on the caller's connection (any transaction):
    /// index lookup, then a constant-time comparison of the digests. Revocation is seen by the
    /// very next request, since this reads the table every time.
    public static func activeToken(digest: [UInt8], on connection: SQLiteConnection) throws -> APIToken? {
        guard
            let row = try connection.queryFirst(selectActiveToken, digest)
        else { return nil }
        guard ConstantTime.equals(try row.value("token_hash", as: [UInt8].self), digest) else { return nil }
        let token = try APIToken(row: row)
        return token.isActive ? token : nil
    }

    /// ``activeToken(digest:on:)`` for a write transaction on `connection`, which must hold it
    /// (`BEGIN IMMEDIATE`: its snapshot is the newest, and no other connection can commit until it
    /// ends). Answered from the connection's ``VerifiedTokenMemo`` when this connection verified
    /// the token under the same data version: nothing has committed since, by this connection or
    /// any other, and this connection has not changed `tokens` since either (the memo is emptied
    /// by any such change, ``SQLiteConnection/forgetVerifiedTokensOnTokenWrites()``). So the
    /// writes of one group commit check their common token once, and a revocation — committed by
    /// the CLI in another process, or made earlier in the same transaction — still refuses the
    /// very next write.
    public static func activeTokenInWriteTransaction(digest: [UInt8], on connection: SQLiteConnection) throws
        -> APIToken?
    {
        precondition(connection.isInTransaction, "a write transaction checks the token it writes under")
        let now = DispatchTime.now().uptimeNanoseconds
        guard let key = VerifiedTokenMemo.Key(digest), let version = connection.dataVersion else {
            return try activeToken(digest: digest, on: connection)
        }
        if let remembered = connection.verifiedTokens.entry(for: key, now: now), remembered.version == version {
            return remembered.token
        }
        return try verifiedToken(digest: digest, key: key, on: connection, now: now)
    }

    /// Runs `body` in the caller's read transaction on `connection`, guarded by the active token
    /// with `digest`: returns the token and `body`'s result, or nil (without `body`'s result or
    /// error) when no active token has that digest or `accepts` refuses it (wrong tenant or scope).
    ///
    /// The token is read from the table, as ``activeToken(digest:on:)`` does, except when this
    /// connection verified it before and nothing has committed since (``VerifiedTokenMemo``): then
    /// `body` runs first, because its first read is what takes the transaction's snapshot, and the
    /// token is trusted only if that snapshot's data version is still the one it was verified in.
    /// If `body` read nothing, or anything committed in between (a revocation, say), the token is
    /// read again in the same snapshot before `body`'s result or error is returned; so a revoked
    /// token still fails on the very next request, whichever process revoked it. Only a token that
    /// was valid moments ago takes this path: an unknown token is always checked before `body` runs.
    public static func readGuarded<T>(
        digest: [UInt8], on connection: SQLiteConnection, accepts: (APIToken) -> Bool, _ body: () throws -> T
    ) throws -> (token: APIToken, result: T)? {
        let now = DispatchTime.now().uptimeNanoseconds
        let key = VerifiedTokenMemo.Key(digest)
        if let key, let remembered = connection.verifiedTokens.entry(for: key, now: now), accepts(remembered.token) {
            let outcome = Result { try body() }
            if connection.holdsReadSnapshot, connection.dataVersion == remembered.version {
                return (remembered.token, try outcome.get())
            }
            guard let token = try verifiedToken(digest: digest, key: key, on: connection, now: now), accepts(token)
            else { return nil }
            return (token, try outcome.get())
        }
        guard let token = try verifiedToken(digest: digest, key: key, on: connection, now: now), accepts(token)
        else { return nil }
        return (token, try body())
    }

    /// ``activeToken(digest:on:)``, remembered in (or forgotten from) the connection's memo with
    /// the data version of the snapshot the lookup ran in.
    private static func verifiedToken(
        digest: [UInt8], key: VerifiedTokenMemo.Key?, on connection: SQLiteConnection, now: UInt64
    ) throws -> APIToken? {
        let token = try activeToken(digest: digest, on: connection)
        guard let key else { return token }
        if let token, connection.holdsReadSnapshot, let version = connection.dataVersion {
            connection.verifiedTokens.remember(token, key: key, version: version, now: now)
        } else {
            connection.verifiedTokens.forget(key)
        }
        return token
    }

    /// Records that `token` authenticated a request at `time`, at most once per
    /// ``lastUsedResolution`` (bookkeeping, not audited). Callers on the hot path check
    /// ``needsUseRecorded(_:at:)`` first and run this without waiting for it.
    public func recordUse(of token: APIToken, at time: Date) async throws {
        guard Self.needsUseRecorded(token, at: time) else { return }
        try await database.write { connection in
            try connection.execute(
                "UPDATE tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                time, token.id, time.addingTimeInterval(-Self.lastUsedResolution))
        }
    }

    /// Whether `token`'s `last_used_at` is older than ``lastUsedResolution`` at `time`.
    public static func needsUseRecorded(_ token: APIToken, at time: Date) -> Bool {
        guard let lastUsed = token.lastUsedAt else { return true }
        return time.timeIntervalSince(lastUsed) >= lastUsedResolution
    }
}
