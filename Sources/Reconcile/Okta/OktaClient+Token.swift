import Core
import CurlTransport
import Foundation

extension OktaClient {
    /// Whether the client authenticates as an OAuth service app.
    var usesServiceApp: Bool {
        if case .serviceApp = configuration.credential { return true }
        return false
    }

    /// The `Authorization` value for the next API request: `SSWS <token>`, or `Bearer <access
    /// token>` from the cache, renewed when due (okta-protocol.md C2).
    func authorization() async throws -> String {
        switch configuration.credential {
        case .apiToken(let token):
            return "SSWS \(token)"
        case .serviceApp(let app):
            if let token = accessToken, clock.now() < token.renewAt { return "Bearer \(token.value)" }
            let token = try await requestAccessToken(app)
            accessToken = token
            return "Bearer \(token.value)"
        }
    }

    /// The client credentials grant with a JWT client assertion (RFC 6749 §4.4, RFC 7523 §2.2)
    /// against `{org}/oauth2/v1/token`. Transport errors, 5xx and 429 are retried like API calls;
    /// an OAuth error response (RFC 6749 §5.2) fails the pull with Okta's code and a hint.
    func requestAccessToken(_ app: OktaServiceApp) async throws -> OktaAccessToken {
        let path = "/oauth2/v1/token"
        var failures = 0
        while true {
            try checkCancellation()
            let assertion: String
            do {
                // A fresh assertion (new jti, iat, exp) for every attempt: Okta refuses replays.
                assertion = try OktaClientAssertion.make(
                    for: app, tokenEndpoint: configuration.tokenEndpoint, now: clock.now(),
                    lifetime: configuration.assertionLifetime)
            } catch {
                throw OktaPullError.privateKeyUnavailable("cannot sign the client assertion: \(error)")
            }
            let request = HTTPClientRequest.post(
                url: configuration.tokenEndpoint,
                headers: [
                    HTTPClientHeader("Content-Type", "application/x-www-form-urlencoded"),
                    HTTPClientHeader("Accept", "application/json"),
                    HTTPClientHeader("User-Agent", "roster-reconciler"),
                ],
                body: HTTPClientRequest.formBody([
                    ("grant_type", "client_credentials"), ("scope", app.scopes.joined(separator: " ")),
                    ("client_assertion_type", OktaClientAssertion.assertionType), ("client_assertion", assertion),
                ]),
                connectTimeout: configuration.connectTimeout, timeout: configuration.requestTimeout)
            guard let response = try await attempt(request, path: path, failures: &failures) else { continue }
            let json = try? JSONValue.parse(response.body)
            switch response.status {
            case 200:
                // RFC 6749 §5.1: access_token and token_type are required; Okta always sends
                // expires_in (3600).
                guard let value = json?["access_token"]?.stringValue, !value.isEmpty,
                    json?["token_type"]?.stringValue?.lowercased() == "bearer"
                else { throw OktaPullError.invalidPage(path: path, reason: "no Bearer access_token in the answer") }
                let lifetime = json?["expires_in"]?.numberValue ?? 3600
                statistics.tokenRequests += 1
                return OktaAccessToken(
                    value: value, receivedAt: clock.now(), lifetime: max(lifetime, 1),
                    margin: Double(configuration.tokenRenewalMargin.components.seconds))
            case 429, 500...599:
                failures += 1
                guard failures < configuration.maxAttempts else {
                    throw OktaPullError.unexpectedStatus(
                        status: response.status, path: path, errorCode: json?["error"]?.stringValue)
                }
                statistics.retries += 1
                try await wait(response.status == 429 ? configuration.defaultRateLimitWait : backoff(failures))
            default:
                guard let error = json?["error"]?.stringValue else {
                    throw OktaPullError.unexpectedStatus(status: response.status, path: path, errorCode: nil)
                }
                throw OktaPullError.tokenRequestRejected(
                    error: error, description: json?["error_description"]?.stringValue, hint: Self.hint(forOAuthError: error))
            }
        }
    }

    /// What to change in Okta for a token endpoint error (RFC 6749 §5.2 codes, Okta's DPoP ones).
    static func hint(forOAuthError error: String) -> String {
        switch error {
        case "invalid_client":
            "check --client-id, that the public key registered with the service app (Okta Admin → Applications → the app → General → Client Credentials, 'Public key / Private key') matches --private-key-file and --key-id, and that this host's clock is right"
        case "invalid_scope":
            "grant okta.users.read, okta.groups.read and okta.apps.read to the service app in Okta Admin → Applications → the app → Okta API Scopes"
        case "unauthorized_client":
            "the app must be an API Services app allowed to use the Client Credentials grant (Okta Admin → Applications → the app → General)"
        case "invalid_dpop_proof", "use_dpop_nonce":
            "the app requires DPoP, which roster does not send: clear 'Require Demonstrating Proof of Possession (DPoP) header in token requests' for the service app"
        default:
            "see Okta's error description and the service app's settings"
        }
    }

    /// The failure for a 403 (or a second 401) to a service app: the scope Okta names in
    /// `WWW-Authenticate` (RFC 6750 §3.1 `insufficient_scope`), else Okta's `errorCode`
    /// (`E0000006`: the app lacks an admin role covering the resource).
    static func accessDenied(_ response: HTTPClientResponse, path: String) -> OktaPullError {
        let scope = path.hasPrefix("/api/v1/apps") ? "okta.apps.read" : path.contains("/users") ? "okta.users.read" : "okta.groups.read"
        if let challenge = response.header("WWW-Authenticate"), challenge.contains("insufficient_scope") {
            return .accessDenied(
                status: response.status, path: path, code: "insufficient_scope",
                hint: "grant \(scope) to the service app in Okta Admin → Applications → the app → Okta API Scopes")
        }
        if response.status == 401 {
            return .accessDenied(
                status: 401, path: path, code: errorCode(response) ?? "invalid_token",
                hint: "Okta refused a freshly issued access token; check the service app is active")
        }
        return .accessDenied(
            status: response.status, path: path, code: errorCode(response) ?? "forbidden",
            hint: "assign the service app an admin role that can read the app, its users and groups (e.g. Read-only Administrator: Okta Admin → Applications → the app → Admin roles) and grant \(scope) under Okta API Scopes")
    }
}
