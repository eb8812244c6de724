import Core
import Store

/// Who is calling: the tenant of the path, the digest of the bearer token, and the database
/// access that checks that token — the platform API's copy of ``SCIMRequestContext``.
///
/// The token is verified inside the same read transaction as the data it guards (``read(_:)``):
/// one trip to the database per request, and a revoked token fails on the very next request.
/// Handlers reach the database only through ``read(_:)``, so none can forget the check.
struct PlatformRequestContext: Sendable {
    /// The tenant of the path.
    let tenant: TenantName
    /// SHA-256 of the bearer token.
    let tokenDigest: [UInt8]
    /// The shared database.
    let database: Database
    /// What the check found, for bookkeeping after the request.
    let authorization: AuthorizationRecord

    /// Runs `body` in a read transaction after verifying the token on the same connection.
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        let check = self
        return try await database.read { connection in
            try check.authorize(on: connection)
            return try body(connection)
        }
    }

    /// Only verifies the token.
    func authorize() async throws {
        try await read { _ in }
    }

    /// The token must be active, of this tenant, and a platform token; anything else — unknown,
    /// revoked, another tenant's, a SCIM connection token — is the same 401.
    private func authorize(on connection: SQLiteConnection) throws {
        guard let token = try Directory.activeToken(digest: tokenDigest, on: connection), token.tenant == tenant,
            token.scope == .platform
        else { throw PlatformError.unauthorized }
        authorization.record(token)
    }
}
