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
    /// 3. A token over its request budget gets 429 (checked by digest, charged only once verified,
    ///    so nobody can spend another client's budget without its token).
    /// 4. The handler verifies the token inside its own read. A handler that failed before reading
    ///    (a malformed cursor, say) is checked afterwards, so an unauthenticated caller always gets
    ///    the 401, never a hint about its parameters.
    func handle(_ request: HTTPRequest, _ parameters: RouteParameters, _ handler: Handler) async -> HTTPResponse {
        let address = request.remoteAddress.map(SCIMReceiver.host(of:)) ?? "unknown"
        if let wait = authenticationLimiter.isExhausted(address) {
            return PlatformError.rateLimited(wait).response
        }
        guard let secret = BearerToken.extract(from: request), let digest = Directory.digest(ofSecret: secret),
            let tenantText = parameters["tenant"], let tenant = TenantName(rawValue: tenantText)
        else {
            _ = authenticationLimiter.acquire(address)
            return PlatformError.unauthorized.response
        }
        // The digest identifies the token without a database trip. Its first 8 bytes in base 36
        // (at most 13 characters) fit Swift's inline small-string storage: a key without an
        // allocation, and 64 bits make two tokens sharing a budget vanishingly unlikely.
        let limiterKey = String(digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }, radix: 36)
        if let wait = requestLimiter.isExhausted(limiterKey) {
            return PlatformError.rateLimited(wait).response
        }
        let context = PlatformRequestContext(
            tenant: tenant, tokenDigest: digest, database: database, authorization: AuthorizationRecord())
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
