import Core
import Foundation
import HTTPServer
import SCIM
import Store

extension SCIMReceiver {
    /// Authenticates, rate-limits and runs `handler`, turning every failure into a SCIM error
    /// response: a client's mistake is never a 500, and no error body is ever non-JSON.
    func handle(
        _ request: HTTPRequest, _ parameters: RouteParameters, operation: String, _ handler: SCIMHandler
    ) async -> HTTPResponse {
        let started = ContinuousClock.now
        var response = await authenticatedResponse(request, parameters, handler)
        // Facts for the request log and metrics (issue 7); never sent to the client.
        let outcome: String
        switch response.status.code {
        case 200..<400: outcome = "ok"
        case 401: outcome = "unauthorized"
        case 429: outcome = "throttled"
        case 400..<500: outcome = "rejected"
        default: outcome = "failed"
        }
        var annotations: [(key: String, value: String)] = [
            ("operation", response.annotation("operation") ?? operation), ("outcome", outcome),
            ("dialect", IdPDialect.detect(request).rawValue),
        ]
        if let connection = parameters["connection"] { annotations.append(("connection", connection)) }
        if let id = parameters["id"], response.annotation("resourceId") == nil { annotations.append(("resourceId", id)) }
        if response.status.code >= 400, let body = try? JSONValue.parse(response.body),
            let scimType = body["scimType"]?.stringValue
        {
            annotations.append(("scimType", scimType))
        }
        response.annotations = annotations + response.annotations.filter { $0.key != "operation" }
        // Durable traffic counts for the report: an in-memory add, never awaited (issue 6).
        if let tenant = parameters["tenant"], let connection = parameters["connection"], response.status.code != 401 {
            pushTraffic.record(
                PushTrafficSample(
                    tenant: tenant, connectionID: connection, time: clock.now(), status: response.status.code,
                    scimType: annotations.first { $0.key == "scimType" }?.value, latency: ContinuousClock.now - started))
        }
        return response
    }

    private func authenticatedResponse(
        _ request: HTTPRequest, _ parameters: RouteParameters, _ handler: SCIMHandler
    ) async -> HTTPResponse {
        let address = request.remoteAddress.map(Self.host(of:)) ?? "unknown"
        // Repeated failed authentication from one address is throttled like excess traffic.
        if let wait = authenticationLimiter.isExhausted(address) {
            return SCIMResponse.tooManyRequests(retryAfter: wait)
        }
        guard let context = context(for: request, parameters) else {
            _ = authenticationLimiter.acquire(address)
            return SCIMResponse.error(Self.unauthorized)
        }
        let limiterKey = context.tenant.rawValue + "/" + context.connectionID
        if let wait = requestLimiter.isExhausted(limiterKey) {
            return SCIMResponse.tooManyRequests(retryAfter: wait)
        }
        let response: HTTPResponse
        do {
            try Self.checkContentType(request)
            response = try await handler(request, context)
        } catch let error as SCIMError {
            response = SCIMResponse.error(error)
        } catch let error as StoreError {
            response = SCIMResponse.error(Self.describe(error))
        } catch is CancellationError {
            response = SCIMResponse.error(SCIMError(status: 503, detail: "the server is shutting down; retry"))
        } catch {
            // Never echo the error: it may carry SQL or personal data.
            response = SCIMResponse.error(SCIMError(status: 500, detail: "internal error"))
        }
        if context.authorization.verified == nil {
            // The handler failed before its database trip (e.g. a body that is not JSON): check
            // the token now, so a legitimate client gets its 400 and anyone else the 401.
            try? await context.authorize()
        }
        guard let token = context.authorization.verified else {
            // Unauthenticated: whatever the handler produced is replaced by the 401 (a handler that
            // failed before touching the database is treated the same way).
            _ = authenticationLimiter.acquire(address)
            return SCIMResponse.error(Self.unauthorized)
        }
        // Only authenticated requests spend the connection's budget.
        _ = requestLimiter.acquire(limiterKey)
        if (400..<500).contains(response.status.code) {
            keepRejected(request, parameters, context: context, response: response)
        }
        let time = now
        if Directory.needsUseRecorded(token, at: time) {
            let directory = directory
            Task { try? await directory.recordUse(of: token, at: time) }
        }
        return response
    }

    /// Keeps a refused request, redacted, in the tenant's rejected-request ring (issue 7), without
    /// making the client wait for that write.
    private func keepRejected(
        _ request: HTTPRequest, _ parameters: RouteParameters, context: SCIMRequestContext, response: HTTPResponse
    ) {
        let error = try? JSONValue.parse(response.body)
        let route = request.path.split(separator: "/").dropFirst(4).map { segment in
            segment == Substring(context.pathParameter ?? "\u{0}") ? ":id" : String(segment)
        }
        let record = RejectedRequest(
            time: now, tenant: context.tenant, connectionID: context.connectionID, requestID: context.requestID,
            method: request.method.rawValue, route: "/" + route.joined(separator: "/"), status: response.status.code,
            scimType: error?["scimType"]?.stringValue, detail: error?["detail"]?.stringValue,
            body: RejectedBodyRedactor.redact(request.body, maximumBytes: RejectedRequestTable.maximumBodyBytes))
        let database = database
        Task { try? await database.write { connection in try RejectedRequestTable.append(record, on: connection) } }
    }

    /// The one 401 every authentication failure gets.
    static let unauthorized = SCIMError.unauthorized("a valid bearer token for this connection is required")

    /// The request's tenant, connection and bearer token; nil when any is missing or malformed
    /// (answered 401 without a database trip).
    private func context(for request: HTTPRequest, _ parameters: RouteParameters) -> SCIMRequestContext? {
        guard let secret = BearerToken.extract(from: request), Directory.isPlausibleSecret(secret),
            let tenantText = parameters["tenant"], let tenant = TenantName(rawValue: tenantText),
            let connectionID = parameters["connection"], !connectionID.isEmpty
        else { return nil }
        let base = baseURL(for: request) + "/scim/v2/\(tenant.rawValue)/\(connectionID)"
        return SCIMRequestContext(
            tenant: tenant, connectionID: connectionID, requestID: request.requestID,
            pathParameter: parameters["id"] ?? parameters["urn"] ?? parameters["name"],
            renderer: SCIMResourceRenderer(baseURL: base), baseURL: base, tokenSecret: secret, database: database,
            authorization: AuthorizationRecord())
    }

    /// The host part of `host:port` / `[v6]:port`, so throttling is per client address.
    static func host(of address: String) -> String {
        // Byte searches (every request calls this): the address is ASCII.
        let bytes = address.utf8
        if bytes.first == UInt8(ascii: "["), let end = bytes.firstIndex(of: UInt8(ascii: "]")) {
            return String(address[bytes.index(after: bytes.startIndex)..<end])
        }
        if let colon = bytes.lastIndex(of: UInt8(ascii: ":")), bytes.firstIndex(of: UInt8(ascii: ":")) == colon {
            return String(address[..<colon])
        }
        return address
    }

    /// Accepts `application/scim+json` and `application/json`, with or without parameters such
    /// as `charset` (RFC 7644 §3.8; Okta's harness sends both, okta-protocol.md A2). A body with
    /// another declared type is refused with 415; a missing type is tolerated.
    static func checkContentType(_ request: HTTPRequest) throws(SCIMError) {
        guard !request.body.isEmpty, var type = request.headers["Content-Type"] else { return }
        // The media type is the part before any `;` parameter, compared without surrounding
        // blanks and ASCII case-insensitively (RFC 9110 §8.3.1). Over the header's bytes, with no
        // split or intermediate collections: every write runs it.
        let trimmed = type.withUTF8 { bytes in
            let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
            var end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
            var start = bytes.startIndex
            while start < end, isBlank(bytes[start]) { start += 1 }
            while end > start, isBlank(bytes[end - 1]) { end -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        guard trimmed.caseInsensitiveEquals("application/scim+json") || trimmed.caseInsensitiveEquals("application/json")
        else {
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

    /// The current time at the precision the database stores (whole milliseconds, rounded as
    /// ``Store/SQLiteValueConvertible`` rounds dates): every row, audit event and response of
    /// a request then carries the same instant, and `meta.lastModified` answered by a write is
    /// the one a later read returns (the formatter truncates, the store rounds).
    var now: Date { Date(unixMilliseconds: clock.now().unixMilliseconds) }
}
