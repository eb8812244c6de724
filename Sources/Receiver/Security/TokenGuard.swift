import Core
import Store

/// Verifies a request's bearer token inside the same database transaction as the data it
/// guards: one trip to the database per request, and a revoked token fails on the very next
/// request. The SCIM and platform request contexts reach the database only through it, so no
/// handler can forget the check.
struct TokenGuard: Sendable {
    /// The shared database.
    let database: Database
    /// The bearer token as sent. A read hashes it (SHA-256) inside the database trip, on the
    /// reader's thread, so the event loop that parsed the request does not spend its time on it;
    /// a write hashes it before (see ``write(_:)``).
    let tokenSecret: String
    /// The tenant of the path; the token must belong to it.
    let tenant: TenantName
    /// The scope the token must have exactly (a connection's SCIM scope, or platform).
    let scope: TokenScope
    /// Makes what every failure throws: unknown, revoked, foreign-tenant and wrong-scope tokens
    /// all look the same (a foreign tenant behaves exactly like a random one). A function rather
    /// than the error itself, so the common, successful request does not box an error it never
    /// throws (pass a closure that captures nothing).
    let failure: @Sendable () -> any Error
    /// Where the verified token is recorded, for bookkeeping after the request.
    let authorization: AuthorizationRecord

    /// Runs `body` in a read transaction guarded by the token, on the same connection and in the
    /// same snapshot (``Directory/readGuarded(digest:on:accepts:_:)``, which may answer the check
    /// from the connection's memory of tokens when nothing has committed since it read them).
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        let check = self
        return try await database.read { connection in
            guard let digest = Directory.digest(ofSecret: check.tokenSecret),
                let (token, result) = try Directory.readGuarded(
                    digest: digest, on: connection, accepts: check.accepts, { try body(connection) })
            else { throw check.failure() }
            check.authorization.record(token, digest: digest)
            return result
        }
    }

    /// Runs `body` in a write transaction after verifying the token on the same connection.
    ///
    /// Unlike a read, a write hashes the token before the database trip: the one serial writer,
    /// not the event loop, is what bounds write throughput.
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        let check = self
        guard let digest = Directory.digest(ofSecret: tokenSecret) else { throw failure() }
        return try await database.write { connection in
            try check.verify(digest: digest, on: connection)
            return try body(connection)
        }
    }

    /// The token must be active, of this tenant and of exactly this scope: checked once per group
    /// commit for the writes that share a token
    /// (``Directory/activeTokenInWriteTransaction(digest:on:)``).
    private func verify(digest: [UInt8], on connection: SQLiteConnection) throws {
        guard let token = try Directory.activeTokenInWriteTransaction(digest: digest, on: connection), accepts(token)
        else { throw failure() }
        authorization.record(token)
    }

    /// Whether `token` (active) may make this request: of this tenant and of exactly this scope.
    private func accepts(_ token: APIToken) -> Bool {
        token.tenant == tenant && token.scope == scope
    }
}
