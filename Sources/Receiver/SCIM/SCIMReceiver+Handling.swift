import Core
import Foundation
import HTTPServer
import SCIM
import Store

extension SCIMReceiver {
    /// Authenticates, rate-limits and runs `handler`, turning every failure into a SCIM error
    /// response: a client's mistake is never a 500, and no error body is ever non-JSON.
    func handle(
        _ request: HTTPRequest, _ parameters: RouteParameters, _ handler: SCIMHandler
    ) async -> HTTPResponse {
        let address = request.remoteAddress ?? "unknown"
        // Repeated failed authentication from one address is throttled like excess traffic.
        if let wait = authenticationLimiter.isExhausted(address) {
            return SCIMResponse.tooManyRequests(retryAfter: wait)
        }
        let context: SCIMRequestContext
        do {
            context = try await authenticate(request, parameters)
        } catch {
            _ = authenticationLimiter.acquire(address)
            return SCIMResponse.error(error)
        }
        if let wait = requestLimiter.acquire(context.tenant.rawValue + "/" + context.connectionID) {
            return SCIMResponse.tooManyRequests(retryAfter: wait)
        }
        do {
            try Self.checkContentType(request)
            return try await handler(request, context)
        } catch let error as SCIMError {
            return SCIMResponse.error(error)
        } catch let error as StoreError {
            return SCIMResponse.error(Self.describe(error))
        } catch is CancellationError {
            return SCIMResponse.error(SCIMError(status: 503, detail: "the server is shutting down; retry"))
        } catch {
            // Never echo the error: it may carry SQL or personal data.
            return SCIMResponse.error(SCIMError(status: 500, detail: "internal error"))
        }
    }

    /// The connection the bearer token authenticates, which must be exactly the tenant and
    /// connection of the path; anything else is `401` — an unknown tenant, a foreign tenant's
    /// token and a wrong secret all look the same.
    private func authenticate(_ request: HTTPRequest, _ parameters: RouteParameters) async throws(SCIMError)
        -> SCIMRequestContext
    {
        let failure = SCIMError.unauthorized("a valid bearer token for this connection is required")
        guard let secret = BearerToken.extract(from: request),
            let tenantText = parameters["tenant"], let tenant = TenantName(rawValue: tenantText),
            let connectionID = parameters["connection"]
        else { throw failure }
        let token: APIToken?
        do {
            token = try await directory.authenticate(secret: secret)
        } catch {
            throw SCIMError(status: 503, detail: "the database is unavailable; retry")
        }
        guard let token, token.tenant == tenant, token.scope == .scim(connectionID: connectionID) else {
            throw failure
        }
        let base = baseURL(for: request) + "/scim/v2/\(tenant.rawValue)/\(connectionID)"
        return SCIMRequestContext(
            tenant: tenant, connectionID: connectionID, requestID: request.headers["X-Request-ID"],
            renderer: SCIMResourceRenderer(baseURL: base), baseURL: base)
    }

    /// Accepts `application/scim+json` and `application/json`, with or without parameters such
    /// as `charset` (RFC 7644 §3.8; Okta's harness sends both, okta-protocol.md A2). A body with
    /// another declared type is refused with 415; a missing type is tolerated.
    static func checkContentType(_ request: HTTPRequest) throws(SCIMError) {
        guard !request.body.isEmpty, let type = request.headers["Content-Type"] else { return }
        let mediaType = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType == "application/scim+json" || mediaType == "application/json" else {
            throw SCIMError(status: 415, scimType: .invalidSyntax, detail: "use Content-Type application/scim+json")
        }
    }

    /// A SCIM error for a store failure: a busy or full database is the server's transient
    /// problem (503, Okta retries later), anything else an opaque 500.
    static func describe(_ error: StoreError) -> SCIMError {
        switch error {
        case .notFound: SCIMError.notFound("resource not found")
        case .conflict: SCIMError.uniqueness("the resource conflicts with an existing one")
        default: SCIMError(status: 503, detail: "the database is temporarily unavailable; retry")
        }
    }

    /// The configured public base URL, else `http://` + a well-formed `Host` header (only the
    /// caller sees the result), else the fallback.
    private func baseURL(for request: HTTPRequest) -> String {
        if let configured = settings.publicBaseURL { return configured }
        if let host = request.headers["Host"], !host.isEmpty, host.utf8.count <= 255,
            host.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || "-.:[]".utf8.contains(byte)
            })
        {
            return "http://" + host
        }
        return settings.fallbackBaseURL
    }

    /// The current time.
    var now: Date { clock.now() }
}
