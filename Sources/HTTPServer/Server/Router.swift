// SPDX-License-Identifier: MIT

/// A route handler: the request, its path parameters, and a response or a thrown error.
public typealias RouteHandler = @Sendable (HTTPRequest, RouteParameters) async throws -> HTTPResponse

/// Maps method + path pattern to handlers.
///
/// Patterns are `/`-separated; a `:name` segment captures one path segment (percent-decoded), a final
/// `*` matches the rest. Unknown paths get 404; a known path with another method gets 405 with `Allow`
/// (RFC 9110 §15.5.6). `HEAD` falls back to the `GET` handler (RFC 9110 §9.3.2); the server drops the
/// body. Literal routes win over parameter routes at each segment, whatever the registration order.
public struct Router: HTTPResponder {
    /// One registered route.
    struct Route: Sendable {
        let method: HTTPMethod
        let pattern: String
        let segments: [Segment]
        let handler: RouteHandler
    }
    /// One pattern segment.
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case rest
    }

    /// The routes in registration order.
    var routes: [Route] = []

    /// Creates an empty router.
    public init() {}

    /// Adds a route; later duplicates of the same method and pattern are shadowed by the first.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping RouteHandler) {
        let segments: [Segment] = Self.split(pattern).map { part in
            if part == "*" { return .rest }
            if part.hasPrefix(":") { return .parameter(String(part.dropFirst())) }
            return .literal(String(part))
        }
        routes.append(Route(method: method, pattern: pattern, segments: segments, handler: handler))
    }

    /// The matched route pattern and its parameters.
    public struct Match: Sendable {
        /// The pattern as registered, e.g. `/api/v1/tenants/:tenant/users/:id` (for logs and metrics).
        public let pattern: String
        /// The captured parameters.
        public let parameters: RouteParameters
    }

    /// The route that would serve `request`, if any (method included, HEAD falling back to GET).
    public func match(_ request: HTTPRequest) -> Match? {
        guard let (route, parameters) = find(request).route else { return nil }
        return Match(pattern: route.pattern, parameters: parameters)
    }

    /// Routes the request; renders ``HTTPResponseError``s and hides all other errors behind a 500.
    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        await respondWithMatch(to: request).response
    }

    /// Routes the request like ``respond(to:)`` and also returns the route that served it, so a
    /// logging or metrics wrapper needs no second match.
    public func respondWithMatch(to request: HTTPRequest) async -> (response: HTTPResponse, match: Match?) {
        let found = find(request)
        guard let (route, parameters) = found.route else {
            if found.allowed.isEmpty { return (.error(.notFound), nil) }
            var response = HTTPResponse.error(.methodNotAllowed)
            response.headers["Allow"] = found.allowed.joined(separator: ", ")
            return (response, nil)
        }
        let match = Match(pattern: route.pattern, parameters: parameters)
        do {
            return (try await route.handler(request, parameters), match)
        } catch let error as any HTTPResponseError {
            return (error.response(), match)
        } catch {
            // Never echo `error`: it may carry SQL, paths or PII (hardening.md; style.md §8.4).
            return (.error(.internalServerError), match)
        }
    }

    /// Finds the best route for the request, plus the methods allowed on its path when none matches.
    func find(_ request: HTTPRequest) -> (route: (Route, RouteParameters)?, allowed: [String]) {
        let path = Self.split(request.path)
        var best: (Route, RouteParameters, score: [Int])?
        var bestGet: (Route, RouteParameters, score: [Int])?
        var allowed: [String] = []
        for route in routes {
            guard let (parameters, score) = Self.match(route.segments, path) else { continue }
            if !allowed.contains(route.method.rawValue) { allowed.append(route.method.rawValue) }
            if route.method == request.method {
                if best == nil || score.lexicographicallyPrecedes(best!.score) { best = (route, parameters, score) }
            } else if request.method == .head && route.method == .get {
                if bestGet == nil || score.lexicographicallyPrecedes(bestGet!.score) {
                    bestGet = (route, parameters, score)
                }
            }
        }
        if allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
        if let chosen = best ?? bestGet { return ((chosen.0, chosen.1), allowed) }
        return (nil, allowed)
    }

    /// Matches segments; the score ranks literal (0) before parameter (1) before rest (2) per segment.
    static func match(_ pattern: [Segment], _ path: [Substring]) -> (RouteParameters, [Int])? {
        var parameters: [(name: String, value: String)] = []
        var score: [Int] = []
        for (i, segment) in pattern.enumerated() {
            switch segment {
            case .rest:
                score.append(2)
                return (RouteParameters(parameters), score)
            case .literal(let text):
                guard i < path.count, path[i] == text else { return nil }
                score.append(0)
            case .parameter(let name):
                guard i < path.count, !path[i].isEmpty else { return nil }
                parameters.append((name, HTTPRequest.percentDecode(path[i], plusAsSpace: false)))
                score.append(1)
            }
        }
        guard pattern.count == path.count else { return nil }
        return (RouteParameters(parameters), score)
    }

    /// Splits a path into segments, ignoring the leading slash (a trailing slash yields an empty one).
    static func split(_ path: String) -> [Substring] {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.first == "" { parts.removeFirst() }
        return parts
    }
}
