import Core
import Crypto
import Foundation

extension Directory {
    /// Creates a bearer token for `tenant` with `scope` and returns its record and its secret.
    ///
    /// The secret (`rst_` + base64url of 32 random bytes) is returned **once** and never stored:
    /// only its SHA-256 digest is (hardening.md §1.8). The id (`tok` + 16 hex digits) is public.
    /// - Throws: ``StoreError/notFound(_:)`` if the tenant, or for `.scim` the connection *of that
    ///   tenant*, does not exist.
    public func createToken(
        tenant: TenantName, scope: TokenScope, requestID: String?
    ) async throws -> (token: APIToken, secret: String) {
        let secret = try SecureRandom.token()
        let digest = SHA256.hash(secret)
        let token = APIToken(
            id: "tok" + (try SecureRandom.hex(byteCount: 8)), tenant: tenant, scope: scope, createdAt: now(),
            lastUsedAt: nil, revokedAt: nil)
        let stored = try await database.write { connection in
            try Self.requireTenant(tenant, on: connection)
            if let connectionID = scope.connectionID {
                let exists = try connection.queryFirst(
                    "SELECT 1 FROM connections WHERE tenant = ? AND id = ?", tenant.rawValue, connectionID)
                guard exists != nil else {
                    throw StoreError.notFound("connection '\(connectionID)' in tenant '\(tenant)'")
                }
            }
            try connection.execute(
                """
                INSERT INTO tokens (id, tenant, connection_id, kind, token_hash, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                token.id, tenant.rawValue, scope.connectionID, scope.kind, digest, token.createdAt)
            try AuditRecorder.append(
                AuditEvent(
                    time: token.createdAt, tenant: tenant, connectionID: scope.connectionID, actor: .admin,
                    requestID: requestID, action: "token.created", subjectType: "token", subjectID: token.id,
                    before: nil, after: token.auditJSON),
                on: connection)
            return token
        }
        return (stored, secret)
    }

    /// The tokens of `tenant`, oldest first. Records only: secrets are never stored and digests
    /// are never returned.
    public func tokens(tenant: TenantName) async throws -> [APIToken] {
        try await database.read { connection in
            try connection.query(
                "SELECT \(APIToken.columns) FROM tokens WHERE tenant = ? ORDER BY created_at, id", tenant.rawValue
            ).map(APIToken.init(row:))
        }
    }

    /// Revokes token `id` of `tenant`; it stops authenticating at once. Revoking a revoked token
    /// changes nothing (no new audit event) and returns its record.
    /// - Throws: ``StoreError/notFound(_:)`` if `tenant` has no such token (including when the id
    ///   belongs to another tenant).
    public func revokeToken(tenant: TenantName, id: String, requestID: String?) async throws -> APIToken {
        let time = now()
        return try await database.write { connection in
            guard
                let current = try connection.queryFirst(
                    "SELECT \(APIToken.columns) FROM tokens WHERE tenant = ? AND id = ?", tenant.rawValue, id
                ).map(APIToken.init(row:))
            else { throw StoreError.notFound("token '\(id)' in tenant '\(tenant)'") }
            guard current.isActive else { return current }
            try connection.execute(
                "UPDATE tokens SET revoked_at = ? WHERE tenant = ? AND id = ?", time, tenant.rawValue, id)
            let revoked = APIToken(
                id: current.id, tenant: current.tenant, scope: current.scope, createdAt: current.createdAt,
                lastUsedAt: current.lastUsedAt, revokedAt: time)
            try AuditRecorder.append(
                AuditEvent(
                    time: time, tenant: tenant, connectionID: current.scope.connectionID, actor: .admin,
                    requestID: requestID, action: "token.revoked", subjectType: "token", subjectID: id,
                    before: current.auditJSON, after: revoked.auditJSON),
                on: connection)
            return revoked
        }
    }
}

extension APIToken {
    /// The columns ``init(row:)`` reads: never `token_hash`.
    static let columns = "id, tenant, connection_id, kind, created_at, last_used_at, revoked_at"

    /// Decodes a `tokens` row.
    init(row: Row) throws {
        let kind: String = try row.value("kind")
        let scope: TokenScope
        switch (kind, try row.value("connection_id", as: String?.self)) {
        case ("scim", let connectionID?): scope = .scim(connectionID: connectionID)
        case ("platform", nil): scope = .platform
        default: throw SQLiteError.mismatch("columns 'kind'/'connection_id': inconsistent token scope")
        }
        self.init(
            id: try row.value("id"), tenant: try row.tenantName("tenant"), scope: scope,
            createdAt: try row.value("created_at"), lastUsedAt: try row.value("last_used_at"),
            revokedAt: try row.value("revoked_at"))
    }

    /// The audit snapshot of a token: public fields only, never the secret or its digest.
    var auditJSON: String {
        AuditJSON.object([
            "id": id, "tenant": tenant.rawValue, "kind": scope.kind, "connectionId": scope.connectionID,
            "createdAt": AuditJSON.time(createdAt), "revokedAt": AuditJSON.time(revokedAt),
        ])
    }
}
