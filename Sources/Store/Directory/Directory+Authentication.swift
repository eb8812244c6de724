import Core
import Crypto
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
        guard !secret.isEmpty, secret.utf8.count <= Self.maximumSecretLength else { return nil }
        let digest = SHA256.hash(secret)
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

    private static func activeToken(digest: [UInt8], on connection: SQLiteConnection) throws -> APIToken? {
        guard
            let row = try connection.queryFirst(
                "SELECT \(APIToken.columns), token_hash FROM tokens WHERE token_hash = ?", digest)
        else { return nil }
        guard ConstantTime.equals(try row.value("token_hash", as: [UInt8].self), digest) else { return nil }
        let token = try APIToken(row: row)
        return token.isActive ? token : nil
    }
}
