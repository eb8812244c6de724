import Core
import Foundation
import HTTPServer
import SCIM
import Store
import Synchronization

/// Who is calling and where: the tenant and connection of a SCIM request's path, the digest of
/// its bearer token, and the database access that checks that token.
///
/// The token is verified inside the same database transaction as the data it guards (``read(_:)``
/// and ``write(_:)``): one trip to the database per request, and a revoked token fails on the
/// very next request. Handlers reach the database only through these two functions, so none can
/// forget the check.
struct SCIMRequestContext: Sendable {
    /// The tenant of the path.
    let tenant: TenantName
    /// The connection of the path.
    let connectionID: String
    /// The request id (from the logging layer), recorded on audit events.
    let requestID: String?
    /// The resource segment of the path (`{id}`, `{urn}` or `{name}`), percent-decoded.
    let pathParameter: String?
    /// Renders resources with this connection's base URL.
    let renderer: SCIMResourceRenderer
    /// `https://host/scim/v2/{tenant}/{connection}`.
    let baseURL: String
    /// The bearer token as sent; ``TokenGuard`` hashes and checks it inside the database trip.
    let tokenSecret: String
    /// The shared database.
    let database: Database
    /// What the check found, for bookkeeping after the request.
    let authorization: AuthorizationRecord

    /// The token check for this connection's SCIM scope.
    private var tokenGuard: TokenGuard {
        TokenGuard(
            database: database, tokenSecret: tokenSecret, tenant: tenant, scope: .scim(connectionID: connectionID),
            failure: { SCIMError.unauthorized("a valid bearer token for this connection is required") },
            authorization: authorization)
    }

    /// Runs `body` in a read transaction after verifying the token on the same connection.
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await tokenGuard.read(body)
    }

    /// Runs `body` in a write transaction after verifying the token on the same connection.
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await tokenGuard.write(body)
    }

    /// Only verifies the token (endpoints that read no data, e.g. discovery).
    func authorize() async throws {
        try await read { _ in }
    }
}

/// The token a request was authorised with, set from the database queue and read after the
/// request. `Sendable` through its `Mutex`.
final class AuthorizationRecord: Sendable {
    private let token = Mutex<(token: APIToken, digest: [UInt8]?)?>(nil)

    /// Remembers the verified token and, when the check computed it, its SHA-256 digest.
    func record(_ verified: APIToken, digest: [UInt8]? = nil) { token.withLock { $0 = (verified, digest) } }

    /// The verified token, if the request got that far.
    var verified: APIToken? { token.withLock { $0?.token } }

    /// The verified token and its digest, if the request got that far and the digest is known.
    var verifiedWithDigest: (token: APIToken, digest: [UInt8])? {
        token.withLock { record in
            guard let record, let digest = record.digest else { return nil }
            return (record.token, digest)
        }
    }
}

/// SCIM responses: `application/scim+json` bodies (RFC 7644 §3.1, §8.1) and errors in the
/// RFC 7644 §3.12 schema. Errors are always JSON: Okta fails on non-JSON error bodies
/// (okta-protocol.md A2).
enum SCIMResponse {
    /// The media type of every SCIM response.
    static let contentType = "application/scim+json"

    /// A JSON response.
    static func json(_ status: HTTPStatus, _ body: JSONValue, headers: [(String, String)] = []) -> HTTPResponse {
        var response = HTTPResponse.json(status, body.serialized(), contentType: contentType)
        for (name, value) in headers { response.headers[name] = value }
        return response
    }

    /// A single resource (user or group) as written or read: its body, `ETag` (RFC 7644 §3.14)
    /// and the ids the request log records.
    static func resource(_ status: HTTPStatus, body: [UInt8], etag: String, id: String, externalID: String?)
        -> HTTPResponse
    {
        var response = HTTPResponse.json(status, body, contentType: contentType)
        response.headers["ETag"] = etag
        response.annotations.append(("resourceId", id))
        if let externalID { response.annotations.append(("externalId", externalID)) }
        return response
    }

    /// The SCIM error response for `error`.
    static func error(_ error: SCIMError) -> HTTPResponse {
        var response = HTTPResponse.json(
            HTTPStatus(code: error.status), error.serializedBody(),
            contentType: contentType)
        if error.status == 401 { response.headers["WWW-Authenticate"] = "Bearer realm=\"roster\"" }
        return response
    }

    /// `429 Too Many Requests` with an integer `Retry-After`, which Okta and Entra honour exactly
    /// (okta-protocol.md A9).
    static func tooManyRequests(retryAfter seconds: Int) -> HTTPResponse {
        var response = error(SCIMError(status: 429, detail: "too many requests; retry after \(seconds) seconds"))
        response.headers["Retry-After"] = String(seconds)
        return response
    }
}
