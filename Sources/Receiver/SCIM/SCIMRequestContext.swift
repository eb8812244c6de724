import Core
import Foundation
import HTTPServer
import SCIM

/// Who is calling and where: the authenticated connection of a SCIM request.
struct SCIMRequestContext: Sendable {
    /// The tenant of the path (and of the token).
    let tenant: TenantName
    /// The connection of the path (and of the token).
    let connectionID: String
    /// The request id (from the logging layer), recorded on audit events.
    let requestID: String?
    /// Renders resources with this connection's base URL.
    let renderer: SCIMResourceRenderer
    /// `https://host/scim/v2/{tenant}/{connection}`.
    let baseURL: String
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
