import Core
import Crypto
import CurlTransport
import Foundation
import Store

/// One reconcile run of one connection (design.md "Reconciler rules"): record the start, pull a
/// complete snapshot, diff it into a plan, apply the safety valve, apply (unless a dry run), and
/// record the outcome. A failed pull fails the run before any plan exists, so it deactivates
/// nobody.
public struct Reconciler: Sendable {
    /// The database the settings, plan and run record are read from and written to.
    let database: Database
    /// Sends the Okta requests (libcurl in production, a fake in tests).
    let transport: any HTTPTransport
    /// Tells the time of the run and of each apply batch.
    let clock: any Clock
    /// Waits out rate-limit pauses and backoffs; replaceable in tests.
    let sleeper: any Sleeper
    /// Where token variables named by `--token-env` are read.
    let environment: [String: String]
    /// Adjusts the client configuration (tests shorten timeouts and remove jitter).
    let tuneClient: @Sendable (inout OktaClientConfiguration) -> Void

    /// Creates a reconciler; `environment` is where `--token-env` variables are read.
    public init(
        database: Database, transport: any HTTPTransport = CurlHTTPClient(), clock: any Clock = SystemClock(),
        sleeper: any Sleeper = TaskSleeper(), environment: [String: String] = ProcessInfo.processInfo.environment,
        tuneClient: @escaping @Sendable (inout OktaClientConfiguration) -> Void = { _ in }
    ) {
        self.database = database
        self.transport = transport
        self.clock = clock
        self.sleeper = sleeper
        self.environment = environment
        self.tuneClient = tuneClient
    }

    /// Runs once for `settings`.
    public func run(_ settings: OktaPullSettings, options: ReconcileOptions) async throws -> ReconcileRunResult {
        let runID = "rec-" + NewID.make()
        var record = ReconcileRunRecord(
            id: runID, tenant: settings.tenant, connectionID: settings.connectionID, startedAt: clock.now(),
            dryRun: options.dryRun)
        let started = record
        try await database.write { try ReconcileRunTable.insert(started, on: $0) }
        var result = ReconcileRunResult(
            runID: runID, outcome: .failed, dryRun: options.dryRun, actions: [], outcomes: [],
            statistics: OktaClientStatistics())
        var client: OktaClient?
        do {
            let origin = try OktaOrigin(validating: settings.orgURL)
            var configuration = OktaClientConfiguration(
                origin: origin, appID: settings.appID, credential: try credential(settings.tokenSource))
            tuneClient(&configuration)
            let okta = OktaClient(configuration: configuration, transport: transport, clock: clock, sleeper: sleeper)
            client = okta
            var mark = ContinuousClock.now
            func lap(_ phase: String) {
                let now = ContinuousClock.now
                let elapsed = mark.duration(to: now).components
                result.phaseSeconds[phase] = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
                mark = now
            }
            let held: Set<Int>
            do {
                // Scoped so the snapshot and the local state are freed before apply: only the
                // plan outlives the diff (BENCHMARKS.md "Reconcile", peak RSS).
                let snapshot = try await OktaSnapshot.pull(with: okta)
                result.statistics = await okta.statistics
                lap("pull")
                let local = try await LocalState.load(
                    tenant: settings.tenant, connectionID: settings.connectionID, database: database,
                    auditCandidates: snapshot.appUsers.compactMap(\.externalID))
                lap("load")
                let differ = Differ(policy: options.policy, parkedMaxAge: options.parkedMaxAge, now: clock.now())
                result.actions = differ.plan(snapshot: snapshot, local: local)
                lap("diff")
                held = safetyValve(result.actions, local: local, options: options)
            }
            result.outcome = held.isEmpty ? .succeeded : .blocked
            if options.dryRun {
                result.outcomes = result.actions.indices.map { held.contains($0) ? .blocked : .planned }
                try await recordActions(result.actions, outcomes: result.outcomes, from: 0, runID: runID)
            } else {
                let applier = PlanApplier(
                    database: database, tenant: settings.tenant, connectionID: settings.connectionID, runID: runID,
                    clock: clock)
                // Filled in batch by batch, so a failed apply still reports what committed.
                result.outcomes = Array(repeating: .skipped, count: result.actions.count)
                try await applier.apply(result.actions, blocked: held, outcomes: &result.outcomes)
            }
            lap("apply")
        } catch {
            if let client { result.statistics = await client.statistics }
            result.outcome = .failed
            result.error = (error as? OktaPullError)?.description ?? (error as? OktaOrigin.ValidationError)?.description
                ?? (error is CancellationError ? "cancelled" : "\(error)")
            if result.outcomes.count != result.actions.count {
                result.outcomes = Array(repeating: .skipped, count: result.actions.count)
            }
            do {
                try await recordUnrecordedActions(of: result)
            } catch {
                // The run's end and why it failed matter more than the rows of actions it never
                // reached: record them below regardless, and say the rows are incomplete.
                result.error = (result.error ?? "") + "; recording the unapplied actions failed: \(error)"
            }
        }
        record.finishedAt = clock.now()
        record.outcome = result.outcome
        record.counts = JSONValue.object(result.counts.mapValues { .number(Double($0)) }).serializedString()
        record.apiCalls = result.statistics.apiCalls
        record.pages = result.statistics.pages
        record.rateLimitWaits = result.statistics.rateLimitWaits
        record.error = result.error
        let finished = record
        try await database.write { try ReconcileRunTable.finish(finished, on: $0) }
        return result
    }

    /// Indexes of actions held back: above the deactivation share, every deactivation and
    /// stale-member removal, unless forced (design.md "Reconciler rules" 5).
    func safetyValve(_ actions: [PlanAction], local: LocalState, options: ReconcileOptions) -> Set<Int> {
        guard !options.force else { return [] }
        let active = local.users.reduce(0) { $0 + ($1.hasAccess ? 1 : 0) }
        let deactivations = actions.reduce(0) { $0 + ($1.kind == .deactivateUser ? 1 : 0) }
        guard deactivations > 0, Double(deactivations) > options.maxDeactivationShare * Double(max(active, 1)) else {
            return []
        }
        return Set(actions.indices.filter { actions[$0].isRemoval })
    }

    /// The credential of `source`: the API token, or the service app with its private key loaded
    /// from its file. Neither is ever logged.
    func credential(_ source: OktaPullSettings.TokenSource) throws -> OktaCredential {
        guard case .serviceApp(let clientID, let path, let keyID) = source else { return .apiToken(try token(source)) }
        do {
            return .serviceApp(
                OktaServiceApp(clientID: clientID, signingKey: try SigningKey(contentsOfFile: path), keyID: keyID))
        } catch {
            throw OktaPullError.privateKeyUnavailable(error.description)
        }
    }

    /// Reads the API token from its environment variable or file; never logged.
    func token(_ source: OktaPullSettings.TokenSource) throws -> String {
        switch source {
        case .serviceApp:
            throw OktaPullError.tokenUnavailable("a service app has no API token")
        case .environment(let name):
            guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                throw OktaPullError.tokenUnavailable("environment variable \(name) is not set")
            }
            return value
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path),
                let value = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
                !value.isEmpty
            else { throw OktaPullError.tokenUnavailable("cannot read a token from \(path)") }
            return value
        }
    }
}
