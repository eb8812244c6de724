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
    /// One registered pattern with its handlers by method (registration order; the first handler
    /// for a method wins).
    struct Entry: Sendable {
        let pattern: String
        let segments: [Segment]
        var handlers: [MethodHandler]

        func handler(for method: HTTPMethod) -> RouteHandler? {
            for entry in handlers where entry.method == method { return entry.handler }
            return nil
        }
    }
    /// A handler and its method. A struct rather than a tuple: a closure kept in a tuple inside an
    /// array is stored at the array's generic abstraction, and taking it out allocates a
    /// reabstraction thunk on every request.
    struct MethodHandler: Sendable {
        /// The request method it answers.
        let method: HTTPMethod
        /// The handler.
        let handler: RouteHandler
    }
    /// One pattern segment (matched through ``CompiledPatterns``, which ranks literal before
    /// parameter before rest).
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case rest
    }

    /// The patterns in registration order.
    var entries: [Entry] = []
    /// Indices into ``entries`` of the patterns that can match a path of `n` segments, at index
    /// `n` (the last slot serves every longer path): exact-length patterns plus `*` patterns no
    /// longer than `n`. A request only tries these few instead of every route.
    var candidatesByLength: [[Int]] = [[]]
    /// ``entries``' segments as plain bytes and integers, for matching (same indices).
    var compiled = CompiledPatterns()

    /// Creates an empty router.
    public init() {}

    /// Adds a route; later duplicates of the same method and pattern are shadowed by the first.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping RouteHandler) {
        if let index = entries.firstIndex(where: { $0.pattern == pattern }) {
            entries[index].handlers.append(MethodHandler(method: method, handler: handler))
            return
        }
        let segments: [Segment] = Self.split(pattern).map { part in
            if part == "*" { return .rest }
            if part.hasPrefix(":") { return .parameter(String(part.dropFirst())) }
            return .literal(String(part))
        }
        entries.append(Entry(pattern: pattern, segments: segments, handlers: [MethodHandler(method: method, handler: handler)]))
        compiled.append(segments)
        indexCandidates()
    }

    /// Rebuilds ``candidatesByLength`` (routes are added at startup, so this is not hot).
    mutating func indexCandidates() {
        let longest = entries.map(\.segments.count).max() ?? 0
        candidatesByLength = (0...longest + 1).map { length in
            entries.indices.filter { index in
                let segments = entries[index].segments
                // `*` matches from its position on, even nothing (see `matches`).
                if let rest = segments.firstIndex(of: .rest) { return rest <= length }
                return segments.count == length
            }
        }
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
        guard case .found(let entry, _, let parameters) = find(request) else { return nil }
        return Match(pattern: entry.pattern, parameters: parameters)
    }

    /// Routes the request; renders ``HTTPResponseError``s and hides all other errors behind a 500.
    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        await respondWithMatch(to: request).response
    }

    /// Routes the request like ``respond(to:)`` and also returns the route that served it, so a
    /// logging or metrics wrapper needs no second match.
    public func respondWithMatch(to request: HTTPRequest) async -> (response: HTTPResponse, match: Match?) {
        switch find(request) {
        case .notFound:
            return (.error(.notFound), nil)
        case .methodNotAllowed(let allowed):
            var response = HTTPResponse.error(.methodNotAllowed)
            response.headers["Allow"] = allowed.joined(separator: ", ")
            return (response, nil)
        case .found(let entry, let handler, let parameters):
            let match = Match(pattern: entry.pattern, parameters: parameters)
            do {
                return (try await handler(request, parameters), match)
            } catch let error as any HTTPResponseError {
                return (error.response(), match)
            } catch {
                // Never echo `error`: it may carry SQL, paths or PII (hardening.md; style.md §8.4).
                return (.error(.internalServerError), match)
            }
        }
    }

    /// The outcome of routing.
    enum Outcome {
        case found(Entry, handler: RouteHandler, parameters: RouteParameters)
        case methodNotAllowed([String])
        case notFound
    }

    /// Finds the best route for the request: among the patterns matching the path, the most
    /// specific one (literal before parameter before rest, segment by segment) that has a handler
    /// for the method (HEAD falling back to GET). Otherwise 405 with the methods allowed on the
    /// path, or 404.
    func find(_ request: HTTPRequest) -> Outcome {
        var path = request.path
        // Matched over the path's own bytes (``CompiledPatterns``): nothing is copied or retained
        // per candidate; strings are made only for the winner's parameters.
        let (chosen, method, ranges, allowed) = path.withUTF8 { bytes -> (Int?, HTTPMethod, [Range<Int>], [String]?) in
            let ranges = CompiledPatterns.segmentRanges(of: bytes)
            let candidates = candidatesByLength[min(ranges.count, candidatesByLength.count - 1)]
            var best: Int?
            var bestGet: Int?
            var matchedAny = false
            for index in candidates where compiled.matches(index, ranges, in: bytes) {
                matchedAny = true
                if entries[index].handler(for: request.method) != nil {
                    if best == nil || compiled.precedes(index, best!) { best = index }
                } else if request.method == .head, entries[index].handler(for: .get) != nil {
                    if bestGet == nil || compiled.precedes(index, bestGet!) { bestGet = index }
                }
            }
            if let best { return (best, request.method, ranges, nil) }
            if let bestGet { return (bestGet, .get, ranges, nil) }
            guard matchedAny else { return (nil, request.method, ranges, nil) }
            var allowed: [String] = []
            for index in candidates where compiled.matches(index, ranges, in: bytes) {
                for handler in entries[index].handlers where !allowed.contains(handler.method.rawValue) {
                    allowed.append(handler.method.rawValue)
                }
            }
            if allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
            return (nil, request.method, ranges, allowed)
        }
        if let chosen {
            let entry = entries[chosen]
            return .found(
                entry, handler: entry.handler(for: method)!,
                parameters: Self.parameters(entry.segments, ranges, of: request.path))
        }
        if let allowed { return .methodNotAllowed(allowed) }
        return .notFound
    }

    /// The percent-decoded parameters of a matching pattern, from the byte `ranges` of `path`'s
    /// segments.
    static func parameters(_ pattern: [Segment], _ ranges: [Range<Int>], of path: String) -> RouteParameters {
        var parameters: [(name: String, value: String)] = []
        parameters.reserveCapacity(pattern.count)
        for (i, segment) in pattern.enumerated() {
            if case .parameter(let name) = segment {
                parameters.append((name, HTTPRequest.percentDecode(substring(path, ranges[i]), plusAsSpace: false)))
            }
        }
        return RouteParameters(parameters)
    }

    /// A pattern's segments, cut exactly as request paths are
    /// (``CompiledPatterns/segmentRanges(of:)``).
    static func split(_ pattern: String) -> [Substring] {
        var text = pattern
        return text.withUTF8 { CompiledPatterns.segmentRanges(of: $0) }.map { substring(pattern, $0) }
    }

    /// The text of `path` over the byte `range` (UTF-8 offsets; native strings index them in O(1)).
    static func substring(_ path: String, _ range: Range<Int>) -> Substring {
        let utf8 = path.utf8
        return path[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
    }
}
