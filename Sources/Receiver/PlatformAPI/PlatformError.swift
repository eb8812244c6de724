import Core
import HTTPServer

/// An error of the platform read API, rendered as
/// `{"error": {"code": "...", "message": "..."}}` with `Content-Type: application/json`.
///
/// `code` is stable and documented (README "Integrating your platform"); clients switch on it,
/// never on `message`, which is for humans and may change.
struct PlatformError: Error, Sendable {
    /// The HTTP status.
    let status: Int
    /// The stable machine-readable code.
    let code: String
    /// A human-readable explanation; never contains personal data, SQL or secrets.
    let message: String
    /// Whole seconds to wait, sent as `Retry-After` (429 only).
    var retryAfter: Int? = nil

    /// 401: missing, malformed, unknown, revoked, foreign-tenant or SCIM token — all alike.
    static let unauthorized = PlatformError(
        status: 401, code: "unauthorized", message: "a valid platform token of this tenant is required")
    /// 404 for a resource the tenant does not have (another tenant's ids behave the same).
    static func notFound(_ what: String) -> PlatformError {
        PlatformError(status: 404, code: "not_found", message: "\(what) not found")
    }
    /// 400 for a cursor that is malformed, of another listing, or of another tenant.
    static let invalidCursor = PlatformError(
        status: 400, code: "invalid_cursor", message: "the cursor is not valid for this listing")
    /// 400 for a bad query parameter.
    static func invalidParameter(_ message: String) -> PlatformError {
        PlatformError(status: 400, code: "invalid_parameter", message: message)
    }
    /// 405 with the allowed methods.
    static func methodNotAllowed(_ allowed: String) -> PlatformError {
        PlatformError(status: 405, code: "method_not_allowed", message: "use \(allowed) on this endpoint")
    }
    /// 429; the response also carries `Retry-After`.
    static func rateLimited(_ seconds: Int) -> PlatformError {
        PlatformError(
            status: 429, code: "rate_limited", message: "too many requests; retry after \(seconds) seconds",
            retryAfter: seconds)
    }
    /// 503 for a busy database or shutdown.
    static let unavailable = PlatformError(
        status: 503, code: "unavailable", message: "the service is temporarily unavailable; retry")
    /// 500, opaque.
    static let internalError = PlatformError(status: 500, code: "internal", message: "internal error")

    /// The JSON response.
    var response: HTTPResponse {
        let body: JSONValue = .object([
            "error": .object(["code": .string(code), "message": .string(message)])
        ])
        var response = HTTPResponse.json(HTTPStatus(code: status), body.serialized())
        if status == 401 { response.headers["WWW-Authenticate"] = "Bearer realm=\"roster\"" }
        // RFC 9110 §10.2.3: delay-seconds, an integer.
        if let retryAfter { response.headers["Retry-After"] = String(retryAfter) }
        return response
    }
}
