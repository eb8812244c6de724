import Core
import Crypto
import Foundation
import HTTPServer
import Synchronization

extension FakeOkta {
    /// Registers (or replaces) the service app the token endpoint accepts.
    public func registerServiceApp(_ app: FakeOktaServiceApp) {
        state.withLock { $0.serviceApp = app }
    }

    /// Makes every access token issued so far invalid (as if revoked or expired early).
    public func expireAccessTokens() {
        state.withLock { $0.accessTokens.removeAll() }
    }

    /// Moves the token endpoint's and the Bearer check's clock forward (with a test clock given
    /// to the client), so an hour-long token lifetime can be tested without waiting.
    public func advanceClock(by seconds: TimeInterval) {
        state.withLock { $0.clockOffset += seconds }
    }

    /// Token requests answered with a token.
    public var issuedTokenCount: Int { state.withLock { $0.issuedTokenCount } }

    /// OAuth error codes answered by the token endpoint, in order.
    public var tokenErrors: [String] { state.withLock { $0.tokenErrors } }

    /// The client assertions received, in order (for replay tests).
    public var assertions: [String] { state.withLock { $0.assertions } }

    /// `POST /oauth2/v1/token`: the client credentials grant with `private_key_jwt` (RFC 6749
    /// §4.4, RFC 7523 §2.2/§3), as Okta's org authorization server answers it.
    func registerTokenEndpoint(on router: inout Router) {
        router.add(.post, "/oauth2/v1/token") { [self] request, _ in
            let form = Self.formFields(request.bodyString)
            let outcome = issueToken(form, now: Date().addingTimeInterval(state.withLock { $0.clockOffset }))
            var headers: HTTPHeaders = ["Content-Type": "application/json", "Cache-Control": "no-store"]
            switch outcome {
            case .success(let body):
                return HTTPResponse(status: .ok, headers: headers, body: Array(body.utf8))
            case .failure(let failure):
                state.withLock { $0.tokenErrors.append(failure.error) }
                var body = "{\"error\":"
                Self.string(failure.error, &body)
                body += ",\"error_description\":"
                Self.string(failure.description, &body)
                body += "}"
                if failure.status == 401 { headers.add("WWW-Authenticate", "Basic") }
                return HTTPResponse(status: HTTPStatus(code: failure.status), headers: headers, body: Array(body.utf8))
            }
        }
    }

    /// An OAuth error response (RFC 6749 §5.2).
    struct TokenFailure: Error {
        /// 400 or 401 (`invalid_client`, RFC 6749 §5.2).
        var status: Int
        /// The `error` code.
        var error: String
        /// The `error_description`, worded like Okta's.
        var description: String
    }

    /// Checks the grant and the assertion, then issues a token; the JSON body or the failure.
    func issueToken(_ form: [String: String], now: Date) -> Result<String, TokenFailure> {
        func fail(_ status: Int, _ error: String, _ text: String) -> Result<String, TokenFailure> {
            .failure(TokenFailure(status: status, error: error, description: text))
        }
        guard form["grant_type"] == "client_credentials" else {
            return fail(400, "unsupported_grant_type", "The authorization grant type is not supported.")
        }
        guard form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            let assertion = form["client_assertion"]
        else { return fail(401, "invalid_client", "Client authentication failed: no client assertion.") }
        state.withLock { $0.assertions.append(assertion) }
        guard let app = state.withLock({ $0.serviceApp }) else {
            return fail(401, "invalid_client", "The client_id is not registered.")
        }
        guard let jws = try? CompactJWS(parsing: assertion), let header = try? JSONValue.parse(jws.header),
            let claims = try? JSONValue.parse(jws.payload), let key = try? VerificationKey(jwk: app.publicKey)
        else { return fail(401, "invalid_client", "The client_assertion token is malformed.") }
        // RFC 8725 §3.1: the algorithm is fixed by the registered key, not taken from the token.
        guard header["alg"]?.stringValue == key.algorithm.rawValue, jws.isValid(under: key) else {
            return fail(401, "invalid_client", "The client_assertion signature is invalid.")
        }
        let audience = baseURL + "/oauth2/v1/token"
        guard claims["iss"]?.stringValue == app.clientID, claims["sub"]?.stringValue == app.clientID else {
            return fail(401, "invalid_client", "The iss and sub claims must be the client_id.")
        }
        guard claims["aud"]?.stringValue == audience else {
            return fail(401, "invalid_client", "The audience claim for client_assertion must be the endpoint invoked.")
        }
        let nowSeconds = now.timeIntervalSince1970
        guard let exp = claims["exp"]?.numberValue, exp > nowSeconds, exp <= nowSeconds + 3600 else {
            return fail(401, "invalid_client", "The client_assertion token is expired or expires too far ahead.")
        }
        if let iat = claims["iat"]?.numberValue, iat > nowSeconds + 60 || iat < nowSeconds - 3600 {
            return fail(401, "invalid_client", "The client_assertion iat is not sane.")
        }
        guard let jti = claims["jti"]?.stringValue, !jti.isEmpty else {
            return fail(401, "invalid_client", "The client_assertion has no jti.")
        }
        guard state.withLock({ $0.seenAssertionIDs.insert(jti).inserted }) else {
            return fail(401, "invalid_client", "The client_assertion token has already been used.")
        }
        guard app.allowsClientCredentials else {
            return fail(400, "unauthorized_client", "The client is not authorized to use the provided grant type.")
        }
        guard !app.requiresDPoP else {
            return fail(400, "invalid_dpop_proof", "The DPoP proof JWT header is missing.")
        }
        let requested = Set((form["scope"] ?? "").split(separator: " ").map(String.init))
        guard !requested.isEmpty, requested.isSubset(of: app.grantedScopes) else {
            return fail(400, "invalid_scope", "The following scopes are not granted: \(requested.subtracting(app.grantedScopes).sorted().joined(separator: " ")).")
        }
        let token = "fake-at-" + UUID().uuidString.lowercased()
        state.withLock { state in
            state.accessTokens[token] = now.addingTimeInterval(TimeInterval(app.expiresIn))
            state.issuedTokenCount += 1
        }
        var body = "{\"token_type\":\"Bearer\",\"expires_in\":\(app.expiresIn),\"access_token\":"
        Self.string(token, &body)
        body += ",\"scope\":"
        Self.string(requested.sorted().joined(separator: " "), &body)
        return .success(body + "}")
    }

    /// Whether a `Bearer` value names an unexpired issued token (called under the lock).
    static func bearerIsValid(_ authorization: String, _ state: State, now: Date) -> Bool {
        guard authorization.hasPrefix("Bearer ") else { return false }
        let shifted = now.addingTimeInterval(state.clockOffset)
        return state.accessTokens[String(authorization.dropFirst(7))].map { $0 > shifted } ?? false
    }

    /// `application/x-www-form-urlencoded` fields (`+` is a space, then percent-decoding).
    static func formFields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
