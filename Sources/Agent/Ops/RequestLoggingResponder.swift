import Foundation
import HTTPServer
import Receiver

/// Wraps the router: gives every request an id (echoing a sane incoming `X-Request-ID`, in
/// ``HTTPServer/HTTPRequest/requestID`` for the handlers and in the response header), times
/// it, and writes one JSON log line per request with method, route pattern, status, duration and
/// tenant. Never logs headers, query strings or bodies, so tokens, `Authorization` values and
/// passwords cannot reach the log.
struct RequestLoggingResponder: HTTPResponder {
    /// The router that actually answers requests.
    let router: Router
    /// Receives one JSON line per request.
    let logger: Logger
    /// Where request counts and latencies are recorded for `/metrics`.
    let metrics: MetricsRegistry

    /// Tags the request with its id, lets the router answer it, then logs and records metrics for the response, which
    /// carries the same `X-Request-ID`.
    func respond(to request: HTTPRequest) async -> HTTPResponse {
        let started = ContinuousClock.now
        let requestID =
            request.headers["X-Request-ID"].flatMap { RequestIdentifier.isAcceptable($0) ? $0 : nil }
            ?? RequestIdentifier.make()
        var tagged = request
        tagged.requestID = requestID
        var (response, match) = await router.respondWithMatch(to: tagged)
        response.headers["X-Request-ID"] = requestID
        let elapsed = started.duration(to: .now)
        // One allocation for the whole field list (the annotations would otherwise regrow it).
        var fields: [(String, LogValue)] = []
        fields.reserveCapacity(7 + response.annotations.count)
        fields.append(("requestId", .string(requestID)))
        fields.append(("method", .string(request.method.rawValue)))
        fields.append(("route", .string(match?.pattern ?? "unmatched")))
        fields.append(("status", .int(response.status.code)))
        fields.append(
            ("durationMs", .milliseconds(Double(elapsed.components.attoseconds) / 1e15
                + Double(elapsed.components.seconds) * 1000)))
        if let tenant = match?.parameters["tenant"] { fields.append(("tenant", .string(tenant))) }
        // Facts the handler attached (SCIM operation, ids, outcome, scimType, dialect).
        for (key, value) in response.annotations { fields.append((key, .string(value))) }
        let route = match?.pattern ?? "unmatched"
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        metrics.recordRequest(route: route, method: request.method.rawValue, status: response.status.code, seconds: seconds)
        if let operation = response.annotation("operation") {
            metrics.increment(
                "roster_scim_operations_total",
                [("operation", operation), ("outcome", response.annotation("outcome") ?? "ok")])
        }
        if let remote = request.remoteAddress { fields.append(("remote", .string(remote))) }
        logger.info("request", fields)
        return response
    }
}
