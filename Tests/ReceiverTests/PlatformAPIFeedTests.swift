import Core
import Foundation
import HTTPServer
import Receiver
import Store
import Synchronization
import Testing
import TestSupport

/// The change feed: commit order, cursors, long-poll, and lossless paging while writers run.
@Suite("Platform API change feed")
struct PlatformAPIFeedTests {
    /// Follows the feed from `cursor` until an empty page; returns the events and the last cursor.
    static func drain(_ h: PlatformAPIHarness, from cursor: String?, limit: Int) async throws
        -> (events: [JSONValue], cursor: String?)
    {
        var events: [JSONValue] = []
        var cursor = cursor
        while true {
            let reply = await h.api("/events?limit=\(limit)" + (cursor.map { "&after=\($0)" } ?? ""))
            #expect(reply.status == 200, "\(reply.body)")
            let page = reply.json?["events"]?.arrayValue ?? []
            cursor = reply.json?["next"]?.stringValue
            if page.isEmpty { return (events, cursor) }
            events += page
        }
    }

    @Test func eventsInCommitOrderWithCursors() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        let alice = try await h.createUser("alice@example.com")
        let team = try await h.createTeam("Eng", members: [alice])
        try await h.setActive(alice, false)
        try await h.setActive(alice, true)

        let all = await h.api("/events?limit=1000")
        #expect(all.status == 200)
        let events = all.json?["events"]?.arrayValue ?? []
        let actions = events.compactMap { $0["action"]?.stringValue }
        #expect(actions == [
            "tenant.created", "connection.created", "token.created", "token.created",
            "user.provisioned", "team.created", "member.added", "user.deactivated", "member.removed",
            "user.reactivated", "member.added",
        ])
        let provisioned = try #require(events.first { $0["action"]?.stringValue == "user.provisioned" })
        #expect(provisioned["subjectId"]?.stringValue == alice)
        #expect(provisioned["actor"]?.stringValue == "scim")
        #expect(provisioned["after"]?["userName"]?.stringValue == "alice@example.com")
        #expect(provisioned["before"]?.isNull == true)
        #expect(events.first { $0["action"]?.stringValue == "team.created" }?["subjectId"]?.stringValue == team)
        // Token events never carry secrets.
        #expect(!all.body.contains(h.acme.platformToken) && !all.body.contains(h.acme.scimToken))
        // next is the last event's cursor; resuming from any event's cursor gives exactly the rest.
        #expect(all.json?["next"]?.stringValue == events.last?["cursor"]?.stringValue)
        for index in events.indices {
            let cursor = try #require(events[index]["cursor"]?.stringValue)
            let rest = await h.api("/events?limit=1000&after=\(cursor)").json?["events"]?.arrayValue ?? []
            #expect(rest == Array(events[(index + 1)...]))
        }
        // Paging by 3 gives the same sequence.
        #expect(try await Self.drain(h, from: nil, limit: 3).events == events)
        // At the head: empty page, next unchanged.
        let head = try #require(all.json?["next"]?.stringValue)
        let empty = await h.api("/events?after=\(head)")
        #expect(empty.json?["events"]?.arrayValue?.isEmpty == true)
        #expect(empty.json?["next"]?.stringValue == head)
    }

    @Test func longPollWakesOnCommitAndTimesOut() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        let head = try #require(try await Self.drain(h, from: nil, limit: 100).cursor)

        // Times out empty after about `wait` seconds.
        let clock = ContinuousClock()
        let started = clock.now
        let timedOut = await h.api("/events?wait=1&after=\(head)")
        let waited = started.duration(to: clock.now)
        #expect(timedOut.json?["events"]?.arrayValue?.isEmpty == true)
        #expect(waited >= .milliseconds(950) && waited < .seconds(6), "\(waited)")

        // Wakes as soon as a later event commits in this process.
        let poll = Task { () -> (PlatformAPIHarness.Reply, Duration) in
            let start = clock.now
            let reply = await h.api("/events?wait=20&after=\(head)")
            return (reply, start.duration(to: clock.now))
        }
        try await Task.sleep(for: .milliseconds(300))
        let writeDone = clock.now
        let alice = try await h.createUser("alice@example.com")
        let (reply, elapsed) = await poll.value
        let woke = writeDone.duration(to: clock.now)
        #expect(reply.status == 200)
        #expect(reply.json?["events"]?.arrayValue?.first?["subjectId"]?.stringValue == alice)
        #expect(elapsed < .seconds(5), "\(elapsed)")
        #expect(woke < .seconds(5), "\(woke)")
    }

    @Test func longPollSeesCommitsOfAnotherConnection() async throws {
        // A second Database on the same file stands in for another process (the CLI): its
        // commits do not signal this process's notifier, so the poll interval must catch them.
        var settings = PlatformSettings()
        settings.feedPollInterval = .milliseconds(100)
        let h = try await PlatformAPIHarness.make(settings: settings)
        defer { Task { await h.close() } }
        let head = try #require(try await Self.drain(h, from: nil, limit: 100).cursor)
        let clock = ContinuousClock()
        let poll = Task { await h.api("/events?wait=20&after=\(head)") }
        try await Task.sleep(for: .milliseconds(300))
        let outsider = try await Database.open(at: h.directory.file("roster.db"), readers: 1)
        let written = clock.now
        _ = try await Directory(database: outsider).createToken(tenant: h.acme.name, scope: .platform, requestID: nil)
        let reply = await poll.value
        let delay = written.duration(to: clock.now)
        await outsider.close()
        #expect(reply.json?["events"]?.arrayValue?.first?["action"]?.stringValue == "token.created")
        #expect(delay < .seconds(5), "\(delay)")
    }

    @Test func longPollEndsWith401WhenTheTokenIsRevokedMeanwhile() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        let head = try #require(try await Self.drain(h, from: nil, limit: 100).cursor)
        let own = Task { await h.api("/events?wait=10&after=\(head)") }
        try await Task.sleep(for: .milliseconds(200))
        _ = try await Directory(database: h.database).revokeToken(
            tenant: h.acme.name, id: h.acme.platformTokenID, requestID: nil)
        #expect(await own.value.status == 401)
    }

    @Test func feedIsLosslessAndOrderedUnderConcurrentWriters() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        let writers = 8
        let perWriter = 25
        // Writers push users and memberships concurrently while a follower reads the feed.
        let follower = Task { () -> [JSONValue] in
            var seen: [JSONValue] = []
            var cursor: String?
            var idle = 0
            while idle < 3 {
                let reply = await h.api("/events?limit=7&wait=1" + (cursor.map { "&after=\($0)" } ?? ""))
                let page = reply.json?["events"]?.arrayValue ?? []
                cursor = reply.json?["next"]?.stringValue ?? cursor
                idle = page.isEmpty ? idle + 1 : 0
                seen += page
            }
            return seen
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for index in 0..<perWriter {
                        try await h.createUser("w\(writer)-\(index)@example.com")
                    }
                }
            }
            try await group.waitForAll()
        }
        let followed = await follower.value
        // The follower, paging while commits landed, saw exactly what a reader sees afterwards.
        let complete = try await Self.drain(h, from: nil, limit: 1000).events
        #expect(followed == complete)
        #expect(complete.filter { $0["action"]?.stringValue == "user.provisioned" }.count == writers * perWriter)
        let cursors = complete.compactMap { $0["cursor"]?.stringValue }
        #expect(Set(cursors).count == cursors.count)
    }

    @Test func userPaginationWhileWritersRunHasNoDuplicatesOrGaps() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        var existing: [String] = []
        for index in 0..<60 { existing.append(try await h.createUser("seed\(index)@example.com")) }
        let writer = Task {
            for index in 0..<60 {
                _ = try? await h.createUser("late\(index)@example.com")
                if index % 3 == 0, let id = existing.randomElement() { try? await h.setActive(id, index % 2 == 0) }
            }
        }
        let paged = try await h.all("/users", limit: 4).compactMap { $0["id"]?.stringValue }
        await writer.value
        #expect(Set(paged).count == paged.count, "no duplicates")
        #expect(Set(existing).isSubset(of: Set(paged)), "every user that existed at the start was seen")
        let final = try await h.all("/users", limit: 500).compactMap { $0["id"]?.stringValue }
        #expect(Array(final.prefix(paged.count)) == paged, "pages are a prefix of the final order")
    }
}

/// Commit order at the store level, without HTTP: concurrent writers appending audit events while
/// a reader follows `seq`; the reader must never see an event appear behind its cursor.
@Suite("Change feed commit order")
struct ChangeFeedCommitOrderTests {
    @Test func readerNeverSeesAGapFilledLater() async throws {
        let h = try await PlatformAPIHarness.make()
        defer { Task { await h.close() } }
        let tenant = h.acme.name
        let database = h.database
        let done = ManagedFlag()
        let reader = Task { () -> [Int64] in
            var seen: [Int64] = []
            var after: Int64 = 0
            while true {
                let finished = done.isSet
                let from = after
                let page = try await database.read { connection in
                    try PlatformQuery.events(tenant: tenant, after: from, limit: 50, on: connection)
                }
                seen += page.compactMap(\.sequence)
                after = page.last?.sequence ?? after
                if page.isEmpty && finished { return seen }
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<16 {
                group.addTask {
                    for index in 0..<40 {
                        _ = try await database.write { connection in
                            try AuditRecorder.append(
                                AuditEvent(
                                    time: Date(), tenant: tenant, connectionID: nil, actor: .admin, requestID: nil,
                                    action: "test.event", subjectType: "test", subjectID: "\(writer)-\(index)",
                                    before: nil, after: nil),
                                on: connection)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        done.set()
        let seen = try await reader.value
        let all = try await database.read { connection in
            try PlatformQuery.events(tenant: tenant, after: 0, limit: 100_000, on: connection).compactMap(\.sequence)
        }
        #expect(seen == all, "the follower saw every event, in order, once")
        #expect(zip(all, all.dropFirst()).allSatisfy { $0 < $1 })
    }
}

/// A thread-safe flag for tests.
final class ManagedFlag: Sendable {
    private let value = Mutex(false)
    /// Raises the flag.
    func set() { value.withLock { $0 = true } }
    /// Whether it is raised.
    var isSet: Bool { value.withLock { $0 } }
}
