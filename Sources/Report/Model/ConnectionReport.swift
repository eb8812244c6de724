import Foundation

/// One connection's figures over the window.
public struct ConnectionReport: Sendable, Equatable {
    /// Connection id.
    public var id: String
    /// Connection name.
    public var name: String
    /// `okta`, `entra` or `generic`.
    public var idp: String
    /// Users now and changes in the window.
    public var users = Population()
    /// Teams now and changes in the window.
    public var teams = Population()
    /// SCIM push traffic in the window.
    public var push = PushTraffic()
    /// Reconcile runs in the window.
    public var runs = RunSummary()
    /// Drift found by the runs, by action kind (`deactivate-user`, `add-member`, …).
    public var driftByKind: [String: Int] = [:]
    /// Drift found by the runs, by attribution (`push-never-arrived`, `local-change`, `out-of-scope`).
    public var driftByAttribution: [String: Int] = [:]
    /// Planned actions by outcome: `applied`, `skipped`, `blocked`, `planned` (dry runs).
    public var actions: [String: Int] = [:]
    /// Parked membership operations.
    public var parked = ParkedSummary()
    /// Memberships the reconciler removed as stale.
    public var staleMembersRemoved = 0
    /// Failed runs with their reasons, newest first.
    public var failures: [Failure] = []

    /// Creates an empty connection part.
    public init(id: String, name: String, idp: String) {
        self.id = id
        self.name = name
        self.idp = idp
    }

    /// Totals now and audited changes in the window.
    public struct Population: Sendable, Equatable {
        /// Not deleted (users) or not archived (teams).
        public var total = 0
        /// Active users (equal to ``total`` for teams).
        public var active = 0
        /// Audited changes in the window by action (`user.provisioned`, `team.renamed`, …).
        public var changes: [String: Int] = [:]
        /// Creates zeros.
        public init() {}
        /// All changes in the window.
        public var changeCount: Int { changes.values.reduce(0, +) }
    }

    /// Push traffic figures.
    public struct PushTraffic: Sendable, Equatable {
        /// Requests answered.
        public var requests = 0
        /// Requests answered with a status of 400 or more.
        public var errors = 0
        /// Error answers by status code.
        public var errorsByStatus: [String: Int] = [:]
        /// Error answers by `scimType`.
        public var errorsByScimType: [String: Int] = [:]
        /// Median latency (upper bucket bound), ms; nil without traffic.
        public var latencyP50Milliseconds: Int?
        /// 99th percentile latency (upper bucket bound), ms; nil without traffic.
        public var latencyP99Milliseconds: Int?
        /// Requests refused and kept in the rejected-request ring.
        public var rejected = 0
        /// Latest authenticated push seen (token use), if any.
        public var lastPushAt: Date?
        /// Creates zeros.
        public init() {}
    }

    /// Reconcile run figures.
    public struct RunSummary: Sendable, Equatable {
        /// Runs started in the window.
        public var total = 0
        /// Runs by outcome (`succeeded`, `failed`, `blocked`, `running`).
        public var byOutcome: [String: Int] = [:]
        /// Dry runs among them.
        public var dryRuns = 0
        /// Okta API calls.
        public var apiCalls = 0
        /// Rate-limit waits.
        public var rateLimitWaits = 0
        /// Mean duration of finished runs, seconds.
        public var meanDurationSeconds: Double?
        /// Longest finished run, seconds.
        public var maxDurationSeconds: Double?
        /// Creates zeros.
        public init() {}
        /// Runs with `outcome`.
        public func count(_ outcome: String) -> Int { byOutcome[outcome] ?? 0 }
    }

    /// Parked operation figures.
    public struct ParkedSummary: Sendable, Equatable {
        /// Parked in the window.
        public var new = 0
        /// Resolved (applied or superseded) in the window.
        public var resolved = 0
        /// Expired in the window.
        public var expired = 0
        /// Still open now.
        public var open = 0
        /// Creates zeros.
        public init() {}
    }

    /// A failed run.
    public struct Failure: Sendable, Equatable {
        /// When it started.
        public var time: Date
        /// Run id.
        public var runID: String
        /// Why it failed.
        public var reason: String
        /// Creates a failure.
        public init(time: Date, runID: String, reason: String) {
            self.time = time
            self.runID = runID
            self.reason = reason
        }
    }
}
