import Core
import Foundation
import HTTPServer
import Store

extension PlatformAPI {
    /// Authenticates, rate-limits and runs `handler`, turning every failure into a JSON error: a
    /// client's mistake is never a 500, and no error body is ever non-JSON. The same order as the
    /// SCIM receiver (``SCIMReceiver``):
    ///
    /// 1. An address that failed authentication too often gets 429 before any work.
    /// 2. No usable token or tenant in the request: 401 without a database trip.
    /// 3. A token over its request budget gets 429 (checked by a keyed hash of the token, charged
    ///    only once verified, so nobody can spend another client's budget without its token).
    /// 4. The handler verifies the token inside its own read. A handler that failed before reading
    ///    (a malformed cursor, say) is checked afterwards, so an unauthenticated caller always gets
    ///    the 401, never a hint about its parameters.
    func handle(_ request: HTTPRequest, _ parameters: RouteParameters, _ handler: Handler) async -> HTTPResponse {
        let address = request.remoteAddress.map(SCIMReceiver.host(of:)) ?? "unknown"
        if let wait = authenticationLimiter.isExhausted(address) {
            return PlatformError.rateLimited(wait).response
        }
        guard let secret = BearerToken.extract(from: request), Directory.isPlausibleSecret(secret),
            let tenantText = parameters["tenant"], let tenant = TenantName(rawValue: tenantText)
        else {
            _ = authenticationLimiter.acquire(address)
            return PlatformError.unauthorized.response
        }
        let limiterKey = BearerToken.limiterKey(of: secret)
        if let wait = requestLimiter.isExhausted(limiterKey) {
            return PlatformError.rateLimited(wait).response
        }
        let context = PlatformRequestContext(
            tenant: tenant, tokenSecret: secret, database: database, authorization: AuthorizationRecord())
        var response: HTTPResponse
        do {
            response = try await handler(request, parameters, context)
        } catch let error as PlatformError {
            response = error.response
        } catch is StoreError {
            response = PlatformError.unavailable.response
        } catch is CancellationError {
            response = PlatformError.unavailable.response
        } catch {
            // Never echo the error: it may carry SQL or personal data.
            response = PlatformError.internalError.response
        }
        if context.authorization.verified == nil {
            try? await context.authorize()
        }
        guard let token = context.authorization.verified else {
            _ = authenticationLimiter.acquire(address)
            return PlatformError.unauthorized.response
        }
        _ = requestLimiter.acquire(limiterKey)
        let time = clock.now()
        if Directory.needsUseRecorded(token, at: time) {
            let directory = directory
            Task { try? await directory.recordUse(of: token, at: time) }
        }
        response.headers["Cache-Control"] = "no-store"
        return response
    }
}
