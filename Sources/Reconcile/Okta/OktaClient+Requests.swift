import Core
import CurlTransport
import Foundation

extension OktaClient {
    /// One GET with pacing, retries and status handling; returns a 200 response.
    func get(_ url: String, path: String) async throws -> HTTPClientResponse {
        // The token goes only to the configured origin (hardening.md API7): checked here, at the
        // single place a request is made, not only where links are parsed.
        guard let origin = OktaOrigin(ofURL: url), origin.isSameOrigin(as: configuration.origin) else {
            throw OktaPullError.offOriginLink(path: path, origin: OktaOrigin(ofURL: url)?.description ?? "invalid")
        }
        var failures = 0
        var throttles = 0
        var renewedAfter401 = false
        while true {
            let request = HTTPClientRequest(
                url: url,
                headers: [
                    HTTPClientHeader("Authorization", try await authorization()),
                    HTTPClientHeader("Accept", "application/json"),
                    HTTPClientHeader("User-Agent", "roster-reconciler"),
                ],
                connectTimeout: configuration.connectTimeout, timeout: configuration.requestTimeout,
                maxResponseBytes: configuration.maxPageBytes)
            if let pause = rateLimit.pause(at: clock.now()) {
                statistics.rateLimitWaits += 1
                try await wait(.milliseconds(Int(pause * 1000)) + configuration.jitter())
                rateLimit.remaining = nil
            }
            try checkCancellation()
            guard let response = try await attempt(request, path: path, failures: &failures) else { continue }
            let now = clock.now()
            rateLimit.update(from: response, receivedAt: now)
            switch response.status {
            case 200:
                return response
            case 401 where usesServiceApp && !renewedAfter401:
                // The access token was revoked or expired early: renew it once and retry.
                renewedAfter401 = true
                accessToken = nil
            case 401, 403:
                guard usesServiceApp else { throw OktaPullError.unauthorized(status: response.status, path: path) }
                throw Self.accessDenied(response, path: path)
            case 429:
                statistics.rateLimitedResponses += 1
                throttles += 1
                guard throttles < configuration.maxAttempts else { throw OktaPullError.rateLimited(path: path) }
                statistics.rateLimitWaits += 1
                let untilReset = RateLimitState.resetMoment(response, receivedAt: now).map {
                    Duration.milliseconds(Int(max($0.timeIntervalSince(now), 0) * 1000))
                }
                try await wait((untilReset ?? configuration.defaultRateLimitWait) + configuration.jitter())
                rateLimit.remaining = nil
            case 500...599:
                failures += 1
                guard failures < configuration.maxAttempts else {
                    throw OktaPullError.unexpectedStatus(
                        status: response.status, path: path, errorCode: Self.errorCode(response))
                }
                statistics.retries += 1
                try await wait(backoff(failures))
            default:
                throw OktaPullError.unexpectedStatus(
                    status: response.status, path: path, errorCode: Self.errorCode(response))
            }
        }
    }

    /// Sends `request` once, counting the API call. A retryable transport failure (timeout,
    /// connection error) within the attempt budget waits out its backoff and returns nil, so the
    /// caller loops; anything else throws the pull error for `path`.
    func attempt(_ request: HTTPClientRequest, path: String, failures: inout Int) async throws -> HTTPClientResponse? {
        statistics.apiCalls += 1
        do {
            return try await transport.send(request)
        } catch let error as CurlError where error.isRetryable {
            failures += 1
            guard failures < configuration.maxAttempts else {
                throw OktaPullError.transport(path: path, message: error.description)
            }
            statistics.retries += 1
            try await wait(backoff(failures))
            return nil
        } catch let error as CurlError {
            throw OktaPullError.transport(path: path, message: error.description)
        } catch is CancellationError {
            throw OktaPullError.cancelled
        }
    }

    /// `base · 2^(attempt−1)`, at most the cap.
    func backoff(_ attempt: Int) -> Duration {
        let factor = 1 << min(attempt - 1, 20)
        return min(configuration.backoffBase * factor, configuration.backoffCap)
    }

    /// Sleeps for `duration` (a rate-limit pause or a retry backoff).
    /// - Throws: ``OktaPullError/cancelled`` when the task is cancelled meanwhile.
    func wait(_ duration: Duration) async throws {
        do { try await sleeper.sleep(for: duration) } catch { throw OktaPullError.cancelled }
    }

    /// Throws ``OktaPullError/cancelled`` when the task has been cancelled, so a pull stops between requests.
    func checkCancellation() throws {
        if Task.isCancelled { throw OktaPullError.cancelled }
    }

    /// Okta's `errorCode` (C4: branch only on it), for the error message.
    static func errorCode(_ response: HTTPClientResponse) -> String? {
        (try? JSONValue.parse(response.body))?["errorCode"]?.stringValue
    }
}
