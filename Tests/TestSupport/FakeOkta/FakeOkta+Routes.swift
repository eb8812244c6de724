import Core
import Foundation
import HTTPServer
import Synchronization

extension FakeOkta {
    /// What a handler decided under the lock.
    struct Admission {
        var fault: FakeOktaFault?
        var rejected: HTTPResponse?
        var headers: HTTPHeaders
        var scenario: FakeOktaScenario
    }

    func register(on router: inout Router) {
        router.add(.get, "/api/v1/apps/:app/users") { [self] request, parameters in
            try await page(request, app: parameters["app"], maxLimit: 500) { scenario in
                scenario.appUsers.map(Self.appUserJSON)
            }
        }
        router.add(.get, "/api/v1/apps/:app/groups") { [self] request, parameters in
            try await page(request, app: parameters["app"], maxLimit: 200) { scenario in
                scenario.groups.filter(\.assigned).map { group in
                    var out = "{\"id\":"
                    Self.string(group.id, &out)
                    out += ",\"priority\":0,\"_embedded\":{\"group\":{\"id\":"
                    Self.string(group.id, &out)
                    out += ",\"profile\":{\"name\":"
                    Self.string(group.name, &out)
                    return out + "}}}}"
                }
            }
        }
        router.add(.get, "/api/v1/apps/:app/group-push/mappings") { [self] request, parameters in
            try await page(request, app: parameters["app"], maxLimit: 1000) { scenario in
                scenario.groups.filter(\.pushed).map { group in
                    var out = "{\"id\":"
                    Self.string("gpm" + group.id, &out)
                    out += ",\"sourceGroupId\":"
                    Self.string(group.id, &out)
                    out += ",\"targetGroupId\":"
                    if let target = group.targetGroupID { Self.string(target, &out) } else { out += "null" }
                    return out + ",\"status\":\"ACTIVE\"}"
                }
            }
        }
        router.add(.get, "/api/v1/groups/:group/users") { [self] request, parameters in
            let groupID = parameters["group"] ?? ""
            return try await page(request, app: nil, maxLimit: 1000) { scenario in
                (scenario.groups.first { $0.id == groupID }?.members ?? []).map { id in
                    var out = "{\"id\":"
                    Self.string(id, &out)
                    return out + ",\"status\":\"ACTIVE\"}"
                }
            }
        }
        router.add(.get, "/api/v1/groups/:group") { [self] request, parameters in
            let groupID = parameters["group"] ?? ""
            let admission = admit(request)
            if let rejected = admission.rejected { return rejected }
            guard let group = admission.scenario.groups.first(where: { $0.id == groupID }) else {
                return HTTPResponse(status: .notFound, headers: admission.headers, body: Array(#"{"errorCode":"E0000007"}"#.utf8))
            }
            var body = "{\"id\":"
            Self.string(group.id, &body)
            body += ",\"type\":\"OKTA_GROUP\",\"profile\":{\"name\":"
            Self.string(group.name, &body)
            body += "}}"
            var headers = admission.headers
            headers.add("Content-Type", "application/json")
            return HTTPResponse(status: .ok, headers: headers, body: Array(body.utf8))
        }
    }

    /// Serves one page of `items(scenario)` at `?after=&limit=`, applying faults.
    func page(
        _ request: HTTPRequest, app: String?, maxLimit: Int, items: (FakeOktaScenario) -> [String]
    ) async throws -> HTTPResponse {
        let admission = admit(request)
        if let rejected = admission.rejected { return rejected }
        if case .slow(let milliseconds)? = admission.fault { try? await Task.sleep(for: .milliseconds(milliseconds)) }
        var headers = admission.headers
        headers.add("Content-Type", "application/json")
        if let app, app != admission.scenario.appID {
            return HTTPResponse(status: .notFound, headers: headers, body: Array(#"{"errorCode":"E0000007"}"#.utf8))
        }
        let all = items(admission.scenario)
        let limit = min(max(Int(request.queryValue("limit") ?? "") ?? 20, 1), maxLimit)
        let after = Int(request.queryValue("after") ?? "") ?? 0
        let end = min(after + limit, all.count)
        var slice = after < all.count ? Array(all[after..<end]) : []
        if admission.fault == .tooManyItems { slice = Array(repeating: all.first ?? #"{"id":"x"}"#, count: limit + 1) }
        var body = Array(("[" + slice.joined(separator: ",") + "]").utf8)
        if admission.fault == .truncatedBody { body = Array(body.prefix(max(1, body.count / 2))) }
        let query = (request.queryItems.filter { $0.name != "after" && $0.name != "limit" }
            .map { "\($0.name)=\($0.value)" } + ["limit=\(limit)"]).joined(separator: "&")
        switch admission.fault {
        case .cursorLoop?:
            headers.add("Link", "<\(baseURL)\(request.target)>; rel=\"next\"")
        case .offOriginLink?:
            headers.add("Link", "<http://169.254.169.254\(request.path)?\(query)&after=\(end)>; rel=\"next\"")
        default:
            headers.add("Link", "<\(baseURL)\(request.path)?\(query)>; rel=\"self\"")
            if end < all.count {
                headers.add("Link", "<\(baseURL)\(request.path)?\(query)&after=\(end)>; rel=\"next\"")
            }
        }
        return HTTPResponse(status: .ok, headers: headers, body: body)
    }

    /// Authenticates, counts against the rate limit, and picks the fault for `request`.
    func admit(_ request: HTTPRequest) -> Admission {
        state.withLock { state in
            state.requests.append(request.target)
            let authorization = request.headers["Authorization"] ?? ""
            state.authorizations.insert(authorization)
            let now = Date()
            if now.timeIntervalSince(state.windowStart) >= windowSeconds {
                state.windowStart = now
                state.windowCount = 0
            }
            state.windowCount += 1
            let reset = Int((state.windowStart.timeIntervalSince1970 + windowSeconds).rounded(.up))
            var headers: HTTPHeaders = [
                "X-Rate-Limit-Limit": String(rateLimit),
                "X-Rate-Limit-Remaining": String(max(rateLimit - state.windowCount, 0)),
                "X-Rate-Limit-Reset": String(reset),
            ]
            var fault: FakeOktaFault?
            if let index = state.faults.firstIndex(where: { request.target.contains($0.pathContains) }) {
                fault = state.faults[index].fault
                state.faults[index].remaining -= 1
                if state.faults[index].remaining <= 0 { state.faults.remove(at: index) }
            }
            var rejected: HTTPResponse?
            let bearer = Self.bearerIsValid(authorization, state, now: now)
            if (authorization != "SSWS \(token)" && !bearer) || fault == .unauthorized {
                rejected = HTTPResponse(
                    status: HTTPStatus(code: 401, reason: "Unauthorized"), headers: headers,
                    body: Array(#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#.utf8))
            } else if bearer && state.serviceApp?.hasAdminRole == false {
                rejected = HTTPResponse(
                    status: .forbidden, headers: headers,
                    body: Array(#"{"errorCode":"E0000006","errorSummary":"You do not have permission to perform the requested action"}"#.utf8))
            } else if case .rateLimited(let resetIn)? = fault {
                headers.remove("X-Rate-Limit-Reset")
                headers.remove("X-Rate-Limit-Remaining")
                headers.add("X-Rate-Limit-Remaining", "0")
                if let resetIn { headers.add("X-Rate-Limit-Reset", String(Int(now.timeIntervalSince1970) + resetIn)) }
                rejected = Self.tooManyRequests(headers)
            } else if fault == .serverError {
                rejected = HTTPResponse(
                    status: HTTPStatus(code: 503, reason: "Service Unavailable"), headers: headers,
                    body: Array(#"{"errorCode":"E0000009","errorSummary":"Internal Server Error"}"#.utf8))
            } else if enforcesRateLimit && state.windowCount > rateLimit {
                rejected = Self.tooManyRequests(headers)
            }
            return Admission(fault: fault, rejected: rejected, headers: headers, scenario: state.scenario)
        }
    }

    static func tooManyRequests(_ headers: HTTPHeaders) -> HTTPResponse {
        HTTPResponse(
            status: HTTPStatus(code: 429, reason: "Too Many Requests"), headers: headers,
            body: Array(#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}"#.utf8))
    }

    static func appUserJSON(_ user: FakeOktaScenario.AppUser) -> String {
        var out = "{\"id\":"
        string(user.id, &out)
        out += ",\"externalId\":"
        if let externalID = user.externalID { string(externalID, &out) } else { out += "null" }
        out += ",\"scope\":\"USER\",\"status\":"
        string(user.status, &out)
        out += ",\"syncState\":\"SYNCHRONIZED\",\"lastUpdated\":"
        string(user.lastUpdated, &out)
        out += ",\"statusChanged\":"
        string(user.lastUpdated, &out)
        out += ",\"credentials\":{\"userName\":"
        string(user.userName, &out)
        out += "},\"profile\":{\"givenName\":"
        string(user.givenName, &out)
        out += ",\"familyName\":"
        string(user.familyName, &out)
        out += ",\"email\":"
        string(user.userName, &out)
        out += ",\"emailType\":\"work\"},\"_embedded\":{\"user\":{\"id\":"
        string(user.id, &out)
        out += ",\"status\":"
        string(user.userStatus, &out)
        out += ",\"profile\":{\"login\":"
        string(user.userName, &out)
        out += "}}}}"
        return out
    }

    static func string(_ text: String, _ out: inout String) {
        var bytes: [UInt8] = []
        JSONValue.writeString(text, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }
}
