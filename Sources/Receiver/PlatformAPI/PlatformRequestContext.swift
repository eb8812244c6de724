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
    /// The bearer token as sent; ``TokenGuard`` hashes and checks it inside the database trip.
    let tokenSecret: String
    /// The shared database.
    let database: Database
    /// What the check found, for bookkeeping after the request.
    let authorization: AuthorizationRecord

    /// The token check for the tenant's platform scope; a SCIM connection token gets the same
    /// 401 as an unknown one.
    private var tokenGuard: TokenGuard {
        TokenGuard(
            database: database, tokenSecret: tokenSecret, tenant: tenant, scope: .platform,
            failure: { PlatformError.unauthorized }, authorization: authorization)
    }

    /// Runs `body` in a read transaction after verifying the token on the same connection.
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await tokenGuard.read(body)
    }

    /// Only verifies the token.
    func authorize() async throws {
        try await read { _ in }
    }
}
