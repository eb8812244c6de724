import Core
import HTTPServer
import Store

/// `GET /access/{userName}` → `{"allowed","userId","active","teams":[…],"reason"}`, the check on
/// the platform's sign-in path: one read transaction doing the token check, one lookup in the
/// unique `(tenant, user_name_canonical)` index and, when allowed, the user's teams through
/// `memberships_by_user_team`.
///
/// The userName is matched exactly as SCIM matches it (``Core/UserNameCanonicalizer``). A
/// userName that cannot be canonicalised (empty, too long, disallowed characters) cannot belong
/// to any user, so it is answered like an unknown one: 200 with `allowed: false` and reason
/// `unknown-user` — the platform gets a decision, not an error, for whatever a person typed.
/// Reasons: `active` (allowed), `inactive`, `deleted`, `unknown-user`.
///
/// Repeated questions are answered from ``AccessAnswerCache`` while nothing has committed since
/// the answer was read: the same answer the database would give, without the trip to a reader.
struct PlatformAccessEndpoint: Sendable {
    /// Answers and tokens kept between commits.
    let cache: AccessAnswerCache

    /// The handler. Canonicalising the userName, the lookup and rendering the answer all happen
    /// in the read, on a reader thread: the event loop, which serves every connection, only
    /// parses, routes, looks in the cache and writes.
    func check(_ request: HTTPRequest, _ parameters: RouteParameters, _ context: PlatformRequestContext) async throws
        -> HTTPResponse
    {
        _ = try PlatformQueryParameters(request, allowed: [])
        let tenant = context.tenant
        let userName = parameters["userName"]
        // Taken before the read begins: see AccessAnswerCache for why that order is what makes a
        // cached answer safe.
        let stamp = cache.isEnabled ? context.database.commitStamp() : nil
        let question = userName.map { AccessAnswerCache.Question(tenant: tenant.rawValue, userName: $0) }
        if let stamp, let question, let body = cache.answer(to: question, stamp: stamp, now: AccessAnswerCache.now()),
            let digest = Directory.digest(ofSecret: context.tokenSecret),
            let token = cache.token(digest: digest, stamp: stamp), token.tenant == tenant, token.scope == .platform
        {
            context.authorization.record(token, digest: digest)
            cache.count(hit: true)
            return HTTPResponse.json(.ok, body)
        }
        if stamp != nil && question != nil { cache.count(hit: false) }
        let body = try await context.read { connection in
            let decision: AccessDecision
            if let userName, let canonical = try? UserNameCanonicalizer.canonicalize(userName) {
                decision = try PlatformQuery.access(tenant: tenant, userNameCanonical: canonical, on: connection)
            } else {
                decision = AccessDecision(userID: nil, active: nil, teams: [], reason: .unknownUser)
            }
            return Self.render(decision)
        }
        if let stamp, let question, let (token, digest) = context.authorization.verifiedWithDigest {
            cache.remember(question, body: body, token: token, digest: digest, stamp: stamp)
        }
        return HTTPResponse.json(.ok, body)
    }

    /// The response body for `decision`.
    static func render(_ decision: AccessDecision) -> [UInt8] {
        // Sized for the whole answer up front (128 bytes without teams, then each team's id and
        // name plus its JSON punctuation), so the buffer is allocated once and never regrown.
        let teamBytes = decision.teams.reduce(0) { $0 + 32 + $1.id.utf8.count + $1.displayName.utf8.count }
        var json = PlatformJSON(capacity: 128 + teamBytes)
        json.beginObject()
        json.field("allowed", decision.allowed)
        json.field("userId", decision.userID)
        json.field("active", decision.active)
        json.teamReferences("teams", decision.teams)
        json.field("reason", decision.reason.rawValue)
        json.endObject()
        return json.bytes
    }
}
