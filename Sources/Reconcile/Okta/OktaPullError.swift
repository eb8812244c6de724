import Foundation

/// Why a pull from Okta failed. Any of these makes the run fail, and a failed pull never
/// deactivates anyone (design.md "Reconciler rules" 1).
public enum OktaPullError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 401/403: the token is wrong, expired (30 days unused, okta-protocol.md C2) or lacks rights.
    case unauthorized(status: Int, path: String)
    /// Any other unexpected status, after retries where they apply.
    case unexpectedStatus(status: Int, path: String, errorCode: String?)
    /// Transport failures or timeouts, still failing after the last retry.
    case transport(path: String, message: String)
    /// Still rate limited (429) after the last retry.
    case rateLimited(path: String)
    /// A page that is not a JSON array (non-JSON, truncated, wrong shape).
    case invalidPage(path: String, reason: String)
    /// A page with more items than the `limit` asked for (okta-protocol.md C3: an API that
    /// ignores `limit` cannot be trusted to page correctly).
    case tooManyItems(path: String, count: Int, limit: Int)
    /// A `Link: rel="next"` URL seen before in the same listing (a cursor loop).
    case cursorLoop(path: String)
    /// A `Link: rel="next"` URL on another origin (never followed: SSRF, token leak).
    case offOriginLink(path: String, origin: String)
    /// The listing did not end within the page ceiling.
    case tooManyPages(path: String, limit: Int)
    /// The API token could not be read from its environment variable or file.
    case tokenUnavailable(String)
    /// The run was cancelled (shutdown).
    case cancelled
    /// The service app's private key could not be read or used (never includes key material).
    case privateKeyUnavailable(String)
    /// The token endpoint refused the client credentials request (RFC 6749 §5.2): Okta's
    /// `error` code (`invalid_client`, `invalid_scope`, `unauthorized_client`, …), its
    /// `error_description`, and what to change in Okta.
    case tokenRequestRejected(error: String, description: String?, hint: String)
    /// With a service app, the API refused the access token (403, or 401 again after renewal):
    /// the code (Okta's `errorCode`, or `insufficient_scope` from `WWW-Authenticate`) and a hint.
    case accessDenied(status: Int, path: String, code: String, hint: String)

    /// A message for logs and the run record; never includes the token.
    public var description: String {
        switch self {
        case .unauthorized(let status, let path):
            "Okta refused the API token (HTTP \(status)) on \(path): check that the token is valid, not expired, and belongs to an admin with read access to the app, users and groups"
        case .unexpectedStatus(let status, let path, let code):
            "Okta answered HTTP \(status) on \(path)" + (code.map { " (\($0))" } ?? "")
        case .transport(let path, let message): "request to \(path) failed: \(message)"
        case .rateLimited(let path): "still rate limited by Okta on \(path) after retries"
        case .invalidPage(let path, let reason): "invalid page from \(path): \(reason)"
        case .tooManyItems(let path, let count, let limit): "page from \(path) has \(count) items, more than limit=\(limit)"
        case .cursorLoop(let path): "pagination cursor repeated on \(path): refusing to loop"
        case .offOriginLink(let path, let origin): "next link of \(path) points to another origin (\(origin)): not followed"
        case .tooManyPages(let path, let limit): "listing \(path) did not end within \(limit) pages"
        case .tokenUnavailable(let reason): "Okta API token unavailable: \(reason)"
        case .cancelled: "cancelled"
        case .privateKeyUnavailable(let reason): "Okta service app private key unavailable: \(reason)"
        case .tokenRequestRejected(let error, let description, let hint):
            "Okta refused the access token request (\(error)"
                + (description.map { ": \(OktaPullError.clip($0))" } ?? "") + "); \(hint)"
        case .accessDenied(let status, let path, let code, let hint):
            "Okta denied the service app on \(path) (HTTP \(status), \(code)); \(hint)"
        }
    }

    /// Okta's `error` or `errorCode` for the run record and metrics, when the failure carries one.
    public var oktaErrorCode: String? {
        switch self {
        case .tokenRequestRejected(let error, _, _): error
        case .accessDenied(_, _, let code, _): code
        case .unexpectedStatus(_, _, let code): code
        default: nil
        }
    }

    /// At most 200 characters of text Okta sent, on one line.
    static func clip(_ text: String) -> String {
        String(text.replacingOccurrences(of: "\n", with: " ").prefix(200))
    }
}
