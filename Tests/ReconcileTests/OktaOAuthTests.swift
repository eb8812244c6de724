import Core
import Crypto
import CurlTransport
import Foundation
import Reconcile
import Store
import Synchronization
import Testing
import TestSupport

/// A clock the test moves by hand (token renewal without waiting an hour).
final class ManualClock: Core.Clock {
    /// The time now() returns.
    let current = Mutex(Date())
    /// The current test time.
    func now() -> Date { current.withLock { $0 } }
    /// Moves the clock forward.
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// The Okta client as an OAuth 2.0 service app (`private_key_jwt`, okta-protocol.md C2) against
/// the fake Okta's token endpoint: assertions, caching, renewal, 401 retry and Okta's errors.
@Suite struct OktaOAuthTests {
    static let clientID = "0oaservice1"

    /// A started fake with one app user and a registered service app for `key` (or `registered`).
    func fake(key: SigningKey, registered: SigningKey? = nil, _ change: (inout FakeOktaServiceApp) -> Void = { _ in })
        async throws -> FakeOkta
    {
        let okta = FakeOkta(scenario: FakeOktaScenario(appUsers: [appUser(1)]))
        var app = FakeOktaServiceApp(clientID: Self.clientID, publicKey: try (registered ?? key).publicJWK(keyID: "k1"))
        change(&app)
        okta.registerServiceApp(app)
        try await okta.start()
        return okta
    }

    func client(_ okta: FakeOkta, key: SigningKey, clock: any Core.Clock = SystemClock()) throws -> OktaClient {
        var configuration = OktaClientConfiguration(
            origin: try OktaOrigin(validating: okta.baseURL), appID: FakeOktaScenario(appUsers: []).appID,
            credential: .serviceApp(OktaServiceApp(clientID: Self.clientID, signingKey: key, keyID: "k1")))
        configuration.jitter = { .zero }
        configuration.requestTimeout = .seconds(2)
        return OktaClient(configuration: configuration, transport: CurlHTTPClient(), clock: clock, sleeper: InstantSleeper())
    }

    @Test(arguments: SigningKey.Kind.allCases)
    func assertionCarriesTheRequiredClaimsAndTokenIsCached(kind: SigningKey.Kind) async throws {
        let key = try SigningKey.generate(kind)
        let okta = try await fake(key: key)
        defer { Task { await okta.stop() } }
        let client = try client(okta, key: key)
        #expect(try await client.appUsers().count == 1)
        #expect(try await client.appGroups().isEmpty)
        #expect(okta.issuedTokenCount == 1)
        #expect(okta.authorizations.allSatisfy { $0.hasPrefix("Bearer fake-at-") })
        let jws = try CompactJWS(parsing: try #require(okta.assertions.first))
        let header = try JSONValue.parse(jws.header)
        let claims = try JSONValue.parse(jws.payload)
        #expect(header["alg"]?.stringValue == (kind == .rsa ? "RS256" : "ES256") && header["kid"]?.stringValue == "k1")
        #expect(claims["aud"]?.stringValue == okta.baseURL + "/oauth2/v1/token")
        #expect(claims["iss"]?.stringValue == Self.clientID && claims["sub"]?.stringValue == Self.clientID)
        let iat = try #require(claims["iat"]?.numberValue)
        let exp = try #require(claims["exp"]?.numberValue)
        #expect(exp > iat && exp - iat <= 300 && abs(iat - Date().timeIntervalSince1970) < 60)
        #expect((claims["jti"]?.stringValue?.count ?? 0) >= 32)
    }

    @Test func tokenIsRenewedShortlyBeforeItExpires() async throws {
        let key = try SigningKey.generate(.ec)
        let okta = try await fake(key: key)
        defer { Task { await okta.stop() } }
        let clock = ManualClock()
        let client = try client(okta, key: key, clock: clock)
        _ = try await client.appUsers()
        clock.advance(3600 - 121)  // renewal margin is 120 s: still fresh
        okta.advanceClock(by: 3600 - 121)
        _ = try await client.appUsers()
        #expect(okta.issuedTokenCount == 1)
        clock.advance(2)
        okta.advanceClock(by: 2)
        _ = try await client.appUsers()
        #expect(okta.issuedTokenCount == 2)
        #expect(Set(okta.assertions.compactMap { try? JSONValue.parse(CompactJWS(parsing: $0).payload)["jti"]?.stringValue }).count == 2)
    }

    @Test func shortLivedTokensAreRenewedAtHalfTheirLifetime() async throws {
        let key = try SigningKey.generate(.ec)
        let okta = try await fake(key: key) { $0.expiresIn = 100 }
        defer { Task { await okta.stop() } }
        let clock = ManualClock()
        let client = try client(okta, key: key, clock: clock)
        _ = try await client.appUsers()
        clock.advance(49)
        okta.advanceClock(by: 49)
        _ = try await client.appUsers()
        #expect(okta.issuedTokenCount == 1)
        clock.advance(2)
        okta.advanceClock(by: 2)
        _ = try await client.appUsers()
        #expect(okta.issuedTokenCount == 2)
    }

    @Test func expiredTokenGets401AndIsRenewedOnce() async throws {
        let key = try SigningKey.generate(.rsa)
        let okta = try await fake(key: key)
        defer { Task { await okta.stop() } }
        let client = try client(okta, key: key)
        _ = try await client.appUsers()
        okta.expireAccessTokens()
        #expect(try await client.appUsers().count == 1)
        #expect(okta.issuedTokenCount == 2)
        // A 401 that persists after renewal fails the pull instead of looping.
        okta.inject(.unauthorized, on: "/api/v1/apps", times: 5)
        await #expect(throws: OktaPullError.self) { try await client.appUsers() }
        #expect(okta.issuedTokenCount == 3)
    }

    @Test func wrongKeyIsInvalidClient() async throws {
        let key = try SigningKey.generate(.ec)
        let okta = try await fake(key: key, registered: try SigningKey.generate(.ec))
        defer { Task { await okta.stop() } }
        let error = await #expect(throws: OktaPullError.self) { try await client(okta, key: key).appUsers() }
        guard case .tokenRequestRejected(let code, let description, let hint)? = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(code == "invalid_client" && description?.contains("signature") == true && hint.contains("public key"))
        #expect(error?.oktaErrorCode == "invalid_client")
    }

    @Test func missingScopeGrantIsInvalidScope() async throws {
        let key = try SigningKey.generate(.ec)
        let okta = try await fake(key: key) { $0.grantedScopes = ["okta.users.read", "okta.groups.read"] }
        defer { Task { await okta.stop() } }
        let error = await #expect(throws: OktaPullError.self) { try await client(okta, key: key).appUsers() }
        #expect(error?.oktaErrorCode == "invalid_scope")
        #expect(error?.description.contains("Okta API Scopes") == true)
    }

    @Test func grantTypeAndDPoPMisconfigurationsAreNamed() async throws {
        let key = try SigningKey.generate(.ec)
        let okta = try await fake(key: key) { $0.allowsClientCredentials = false }
        defer { Task { await okta.stop() } }
        let unauthorized = await #expect(throws: OktaPullError.self) { try await client(okta, key: key).appUsers() }
        #expect(unauthorized?.oktaErrorCode == "unauthorized_client")
        #expect(unauthorized?.description.contains("Client Credentials grant") == true)
        var app = FakeOktaServiceApp(clientID: Self.clientID, publicKey: try key.publicJWK(keyID: "k1"))
        app.requiresDPoP = true
        okta.registerServiceApp(app)
        let dpop = await #expect(throws: OktaPullError.self) { try await client(okta, key: key).appUsers() }
        #expect(dpop?.oktaErrorCode == "invalid_dpop_proof" && dpop?.description.contains("DPoP") == true)
        #expect(okta.issuedTokenCount == 0)
    }

    @Test func missingAdminRoleIs403WithAHint() async throws {
        let key = try SigningKey.generate(.ec)
        let okta = try await fake(key: key) { $0.hasAdminRole = false }
        defer { Task { await okta.stop() } }
        let error = await #expect(throws: OktaPullError.self) { try await client(okta, key: key).appUsers() }
        #expect(error?.oktaErrorCode == "E0000006")
        #expect(error?.description.contains("admin role") == true)
    }

    @Test func replayedAssertionIsRefused() async throws {
        let key = try SigningKey.generate(.ec)
        let okta = try await fake(key: key)
        defer { Task { await okta.stop() } }
        _ = try await client(okta, key: key).appUsers()
        let assertion = try #require(okta.assertions.first)
        let response = try await CurlHTTPClient().send(
            .post(
                url: okta.baseURL + "/oauth2/v1/token",
                headers: [HTTPClientHeader("Content-Type", "application/x-www-form-urlencoded")],
                body: HTTPClientRequest.formBody([
                    ("grant_type", "client_credentials"), ("scope", "okta.users.read"),
                    ("client_assertion_type", OktaClientAssertion.assertionType), ("client_assertion", assertion),
                ])))
        #expect(response.status == 401)
        #expect(String(decoding: response.body, as: UTF8.self).contains("already been used"))
        #expect(okta.tokenErrors == ["invalid_client"])
    }

    @Test func fullReconcileRunThroughOAuth() async throws {
        let key = try SigningKey.generate(.rsa)
        let directory = try TemporaryDirectory()
        let keyFile = directory.file("private-key.pem")
        try key.pemEncoded().write(toFile: keyFile, atomically: true, encoding: .utf8)
        let h = try await ReconcileHarness(
            scenario: FakeOktaScenario(appUsers: [appUser(1), appUser(2)]),
            tokenSource: .serviceApp(clientID: Self.clientID, privateKeyFile: keyFile, keyID: "k1"))
        defer { Task { await h.close(); directory.remove() } }
        h.okta.registerServiceApp(FakeOktaServiceApp(clientID: Self.clientID, publicKey: try key.publicJWK(keyID: "k1")))
        let reloaded = try await h.database.read {
            try OktaPullSettingsTable.find(tenant: h.tenant, connectionID: h.connectionID, on: $0)
        }
        #expect(reloaded?.tokenSource == .serviceApp(clientID: Self.clientID, privateKeyFile: keyFile, keyID: "k1"))
        let result = try await h.run()
        #expect(result.outcome == .succeeded, "\(result.error ?? "")")
        #expect(result.actions.filter { $0.kind == .provisionUser }.count == 2)
        #expect(try await h.user("scim-1")?.active == true)
        #expect(h.okta.issuedTokenCount == 1 && result.statistics.tokenRequests == 1)
        #expect(h.okta.authorizations.allSatisfy { $0.hasPrefix("Bearer ") })

        // A misconfigured app: the run fails, and the run record carries Okta's code and the hint.
        h.okta.registerServiceApp(
            FakeOktaServiceApp(clientID: Self.clientID, publicKey: try key.publicJWK(), grantedScopes: ["okta.users.read"]))
        let failed = try await h.run()
        #expect(failed.outcome == .failed)
        let record = try #require(try await h.runs().first { $0.id == failed.runID })
        #expect(record.error?.contains("invalid_scope") == true && record.error?.contains("okta.apps.read") == true)
    }

    @Test func settingsSwitchBetweenServiceAppAndToken() async throws {
        let h = try await ReconcileHarness(
            scenario: FakeOktaScenario(appUsers: []),
            tokenSource: .serviceApp(clientID: Self.clientID, privateKeyFile: "/k.pem", keyID: nil))
        defer { Task { await h.close() } }
        func reload() async throws -> OktaPullSettings.TokenSource? {
            try await h.database.read {
                try OktaPullSettingsTable.find(tenant: h.tenant, connectionID: h.connectionID, on: $0)
            }?.tokenSource
        }
        #expect(try await reload() == .serviceApp(clientID: Self.clientID, privateKeyFile: "/k.pem", keyID: nil))
        var settings = h.settings
        settings.tokenSource = .environment("OKTA_TOKEN")
        let saved = settings
        try await h.database.write { try OktaPullSettingsTable.save(saved, on: $0) }
        #expect(try await reload() == .environment("OKTA_TOKEN"))
    }

    @Test func missingKeyFileFailsTheRunWithoutTouchingOkta() async throws {
        let h = try await ReconcileHarness(
            scenario: FakeOktaScenario(appUsers: [appUser(1)]),
            tokenSource: .serviceApp(clientID: Self.clientID, privateKeyFile: "/nonexistent/key.pem", keyID: nil))
        defer { Task { await h.close() } }
        let result = try await h.run()
        #expect(result.outcome == .failed && result.error?.contains("private key unavailable") == true)
        #expect(h.okta.requests.isEmpty)
    }
}
