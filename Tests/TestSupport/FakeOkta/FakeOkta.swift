import Core
import Foundation
import HTTPServer
import Synchronization

/// A fake Okta management API (okta-protocol.md C1–C6) on a real socket at 127.0.0.1:0: app
/// users, app groups, push mappings and group members from a ``FakeOktaScenario``, with cursor
/// paging through `Link: rel="next"`, `X-Rate-Limit-*` headers (optionally enforced with 429s)
/// and scripted ``FakeOktaFault``s; SSWS tokens, and Bearer tokens from an OAuth token endpoint
/// for a registered ``FakeOktaServiceApp``.
public final class FakeOkta: Sendable {
    /// Mutable state behind one lock; handlers copy what they need and build pages outside it.
    struct State {
        var scenario: FakeOktaScenario
        var faults: [(pathContains: String, fault: FakeOktaFault, remaining: Int)] = []
        var requests: [String] = []
        var authorizations: Set<String> = []
        var windowStart = Date()
        var windowCount = 0
        var serviceApp: FakeOktaServiceApp?
        var accessTokens: [String: Date] = [:]
        var seenAssertionIDs: Set<String> = []
        var assertions: [String] = []
        var issuedTokenCount = 0
        var tokenErrors: [String] = []
        /// Added to the wall clock by the token endpoint and Bearer checks (renewal tests).
        var clockOffset: TimeInterval = 0
    }

    let state: Mutex<State>
    /// The token the fake accepts (`Authorization: SSWS <token>`).
    public let token: String
    /// Requests allowed per rate-limit window (reported in `X-Rate-Limit-Limit`).
    public let rateLimit: Int
    /// Length of a rate-limit window.
    public let windowSeconds: Double
    /// Whether requests beyond ``rateLimit`` in a window get 429.
    public let enforcesRateLimit: Bool
    private let server: Mutex<HTTPServer?> = Mutex(nil)
    private let port = Atomic<Int>(0)

    /// A fake serving `scenario`.
    public init(
        scenario: FakeOktaScenario, token: String = "test-token", rateLimit: Int = 10_000, windowSeconds: Double = 60,
        enforcesRateLimit: Bool = false
    ) {
        state = Mutex(State(scenario: scenario))
        self.token = token
        self.rateLimit = rateLimit
        self.windowSeconds = windowSeconds
        self.enforcesRateLimit = enforcesRateLimit
    }

    /// `http://127.0.0.1:PORT`, valid after ``start()``.
    public var baseURL: String { "http://127.0.0.1:\(port.load(ordering: .relaxed))" }

    /// Starts listening on an ephemeral loopback port; returns ``baseURL``.
    @discardableResult
    public func start() async throws -> String {
        var router = Router()
        register(on: &router)
        registerTokenEndpoint(on: &router)
        let server = HTTPServer(host: "127.0.0.1", port: 0, responder: router)
        let bound = try await server.start()
        port.store(Int(bound), ordering: .relaxed)
        self.server.withLock { $0 = server }
        return baseURL
    }

    /// Stops the server.
    public func stop() async {
        let server = self.server.withLock { $0 }
        await server?.stop()
    }

    /// Replaces the scenario (e.g. between runs).
    public func update(_ change: (inout FakeOktaScenario) -> Void) {
        state.withLock { change(&$0.scenario) }
    }

    /// Applies `fault` to the next `times` requests whose path contains `pathContains`.
    public func inject(_ fault: FakeOktaFault, on pathContains: String = "/", times: Int = 1) {
        state.withLock { $0.faults.append((pathContains, fault, times)) }
    }

    /// Paths with queries of every request received, in order.
    public var requests: [String] { state.withLock { $0.requests } }

    /// Every distinct `Authorization` value received.
    public var authorizations: Set<String> { state.withLock { $0.authorizations } }

    /// The fewest pages a complete pull of the current scenario needs.
    public var minimumPages: Int {
        state.withLock { state in
            let scenario = state.scenario
            func pages(_ count: Int, _ limit: Int) -> Int { max(1, (count + limit - 1) / limit) }
            let pushed = scenario.groups.filter(\.pushed)
            return pages(scenario.appUsers.count, 500) + pages(scenario.groups.filter(\.assigned).count, 200)
                + pages(pushed.count, 1000) + pushed.map { pages($0.members.count, 200) }.reduce(0, +)
                + pushed.filter { !$0.assigned }.count
        }
    }
}
