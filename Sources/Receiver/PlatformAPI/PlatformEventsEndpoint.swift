import Core
import HTTPServer
import Store

/// `GET /events?after=CURSOR&limit=N&wait=SECONDS`: the tenant's audit events in commit order,
/// each with its cursor, and `next`, the cursor to ask with next time (the last event's, or the
/// request's own when there was none). Why `seq` order is commit order and the feed can lose
/// nothing: ``Store/PlatformQuery/events(tenant:after:limit:on:)``.
///
/// With `wait`, an empty answer is held back until an event after the cursor commits or `wait`
/// seconds pass (long-poll). The wait holds no database connection and blocks no thread: it is a
/// suspension on the database's ``Store/CommitNotifier``, which every commit of this process
/// signals; commits by other processes (the CLI) are seen by re-reading every
/// ``PlatformSettings/feedPollInterval``. Each re-read verifies the token again, so a token
/// revoked during a wait ends it with 401.
struct PlatformEventsEndpoint: Sendable {
    /// The API (settings).
    let api: PlatformAPI

    /// The handler.
    func feed(_ request: HTTPRequest, _ parameters: RouteParameters, _ context: PlatformRequestContext) async throws
        -> HTTPResponse
    {
        let query = try PlatformQueryParameters(request, allowed: ["after", "limit", "wait"])
        let settings = api.settings
        let limit = try query.integer("limit", in: 1...settings.maxEventPage) ?? settings.defaultPageSize
        let wait = try query.integer("wait", in: 0...settings.maxWaitSeconds) ?? 0
        let after = try query.cursor(.events, context: context)?.position ?? 0
        let tenant = context.tenant
        let notifier = context.database.commits
        let deadline = ContinuousClock.now + .seconds(wait)
        var events: [AuditEvent]
        while true {
            // Taken before the read: a commit between the read and the wait changes it, and the
            // wait then returns at once (no lost wake-up).
            let generation = notifier.generation
            events = try await context.read { connection in
                try PlatformQuery.events(tenant: tenant, after: after, limit: limit, on: connection)
            }
            let now = ContinuousClock.now
            guard events.isEmpty, now < deadline, !Task.isCancelled, !notifier.isShuttingDown else { break }
            await notifier.wait(since: generation, timeout: min(settings.feedPollInterval, now.duration(to: deadline)))
        }
        var json = PlatformJSON(capacity: 256 + events.count * 384)
        json.beginObject()
        json.beginArray("events")
        for event in events {
            let cursor = PlatformCursor(listing: .events, tenant: tenant, scope: "", position: event.sequence ?? 0)
            json.event(event, cursor: cursor.encoded)
        }
        json.endArray()
        let last = events.last?.sequence ?? after
        json.field("next", PlatformCursor(listing: .events, tenant: tenant, scope: "", position: last).encoded)
        json.endObject()
        return HTTPResponse.json(.ok, json.bytes)
    }
}
