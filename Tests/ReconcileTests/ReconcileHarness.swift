import Core
import CurlTransport
import Foundation
import Reconcile
import Store
import Synchronization
import TestSupport

/// Records requested waits and returns at once, so rate-limit and backoff tests run fast.
final class InstantSleeper: Sleeper {
    let waits = Mutex<[Duration]>([])
    func sleep(for duration: Duration) async throws { waits.withLock { $0.append(duration) } }
}

/// A database with one tenant and Okta connection configured against a ``FakeOkta``.
final class ReconcileHarness: Sendable {
    let directory: TemporaryDirectory
    let database: Database
    let tenant: TenantName
    let connectionID: String
    let okta: FakeOkta
    let settings: OktaPullSettings
    let sleeper = InstantSleeper()

    /// A harness whose connection pulls with `tokenSource` instead of the SSWS token (e.g. a
    /// service app registered with ``okta`` by the caller).
    init(scenario: FakeOktaScenario, tokenSource: OktaPullSettings.TokenSource? = nil) async throws {
        directory = try TemporaryDirectory()
        database = try await Database.open(at: directory.file("roster.db"), readers: 2)
        let admin = Directory(database: database)
        tenant = try TenantName.parse("acme")
        _ = try await admin.createTenant(tenant, requestID: nil)
        connectionID = try await admin.createConnection(tenant: tenant, name: "okta", idp: .okta, requestID: nil).id
        okta = FakeOkta(scenario: scenario)
        let base = try await okta.start()
        let now = Date()
        settings = OktaPullSettings(
            tenant: tenant, connectionID: connectionID, orgURL: base, appID: scenario.appID,
            tokenSource: tokenSource ?? .environment("OKTA_TOKEN"), createdAt: now, updatedAt: now)
        let saved = settings
        try await database.write { try OktaPullSettingsTable.save(saved, on: $0) }
    }

    func close() async {
        await okta.stop()
        await database.close()
        directory.remove()
    }

    /// Runs the reconciler once.
    func run(_ configure: (inout ReconcileOptions) -> Void = { _ in }) async throws -> ReconcileRunResult {
        var options = ReconcileOptions()
        configure(&options)
        let reconciler = Reconciler(
            database: database, transport: CurlHTTPClient(), sleeper: sleeper, environment: ["OKTA_TOKEN": okta.token],
            tuneClient: { configuration in
                configuration.jitter = { .zero }
                configuration.requestTimeout = .seconds(2)
            })
        return try await reconciler.run(settings, options: options)
    }

    /// Inserts a user as a SCIM push would have.
    func addUser(id: String, oktaID: String, userName: String, active: Bool = true, given: String = "Given") async throws {
        let (tenant, connectionID) = (tenant, connectionID)
        try await database.write { connection in
            let attributes = #"{"userName":"\#(userName)","name":{"givenName":"\#(given)","familyName":"Family"},"emails":[{"value":"\#(userName)","type":"work","primary":true}],"active":\#(active)}"#
            try UserTable.insert(
                UserRecord(
                    id: id, tenant: tenant, connectionID: connectionID, externalID: oktaID, userName: userName,
                    userNameCanonical: userName.lowercased(), active: active, attributes: attributes,
                    emailValues: [userName.lowercased()], createdAt: Date(timeIntervalSince1970: 1_700_000_000),
                    updatedAt: Date(timeIntervalSince1970: 1_700_000_000)),
                on: connection)
        }
    }

    /// Inserts a team with current members.
    func addTeam(id: String, name: String, members: [String]) async throws {
        let (tenant, connectionID) = (tenant, connectionID)
        try await database.write { connection in
            try TeamTable.insert(
                TeamRecord(
                    id: id, tenant: tenant, connectionID: connectionID, externalID: nil, displayName: name,
                    displayNameCanonical: name.lowercased(), createdAt: Date(), updatedAt: Date()),
                on: connection)
            for member in members {
                try MembershipTable.add(tenant: tenant, teamID: id, userID: member, at: Date(), on: connection)
            }
        }
    }

    func user(_ id: String) async throws -> UserRecord? {
        let (tenant, connectionID) = (tenant, connectionID)
        return try await database.read {
            try UserTable.find(tenant: tenant, connectionID: connectionID, id: id, includeDeleted: true, on: $0)
        }
    }

    func members(_ teamID: String) async throws -> [String] {
        let tenant = tenant
        return try await database.read { try MembershipTable.memberIDs(tenant: tenant, teamID: teamID, on: $0) }
    }

    func audit() async throws -> [AuditEvent] {
        try await AuditLog(database: database).events(tenant: tenant, after: nil, limit: 1000)
    }

    /// Records a started run, as ``Reconciler`` does before applying: a ``PlanApplier`` records
    /// its actions as rows of the run, which must exist.
    func recordRun(_ id: String) async throws {
        let run = ReconcileRunRecord(id: id, tenant: tenant, connectionID: connectionID, startedAt: Date(), dryRun: false)
        try await database.write { try ReconcileRunTable.insert(run, on: $0) }
    }

    func runs() async throws -> [ReconcileRunRecord] {
        let (tenant, connectionID) = (tenant, connectionID)
        return try await database.read { try ReconcileRunTable.list(tenant: tenant, connectionID: connectionID, on: $0) }
    }
}

/// Shorthand for an app user whose SCIM id is `scim-<n>` and Okta id `00u<n>`.
func appUser(_ n: Int, status: String = "PROVISIONED", userStatus: String = "ACTIVE", given: String = "Given")
    -> FakeOktaScenario.AppUser
{
    FakeOktaScenario.AppUser(
        id: "00u\(n)", externalID: "scim-\(n)", userName: "user\(n)@example.com", status: status,
        userStatus: userStatus, givenName: given, lastUpdated: "2026-01-05T10:00:00.000Z")
}
