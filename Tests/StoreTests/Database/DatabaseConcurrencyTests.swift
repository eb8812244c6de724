import Core
import Dispatch
import Foundation
import Store
import TestSupport
import Testing

@Suite struct DatabaseConcurrencyTests {
    @Test func hundredConcurrentConnectionCreates() async throws {
        try await withTemporaryDatabase(readers: 4) { database, _ async throws in
            let directory = Directory(database: database)
            let tenant = TenantName(rawValue: "acme")!
            _ = try await directory.createTenant(tenant, requestID: nil)
            let created = try await withThrowingTaskGroup(of: Connection.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        try await directory.createConnection(tenant: tenant, name: "c\(index)", idp: .okta, requestID: nil)
                    }
                }
                var all: [Connection] = []
                for try await connection in group { all.append(connection) }
                return all
            }
            #expect(created.count == 100)
            #expect(Set(created.map(\.id)).count == 100)
            #expect(Set(created.map(\.name)).count == 100)
            #expect(try await directory.connections(tenant: tenant).count == 100)
            let events = try await AuditLog(database: database).events(tenant: tenant, after: nil, limit: 1000)
            #expect(events.filter { $0.action == "connection.created" }.count == 100)
        }
    }

    @Test func manyConcurrentReadsAllCompleteWithTheirOwnResults() async throws {
        try await withTemporaryDatabase(readers: 3) { database, _ async throws in
            let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for index in 0..<500 {
                    group.addTask { (index, try await database.read { try $0.queryFirst("SELECT ? * 2", index)!.value(at: 0) }) }
                }
                var all: [Int: Int] = [:]
                for try await (index, doubled) in group { all[index] = doubled }
                return all
            }
            #expect(results.count == 500)
            #expect(results.allSatisfy { $0.value == $0.key * 2 })
        }
    }

    /// Returns once `semaphore` is signalled, waiting on a global queue thread, never on a
    /// cooperative one (the database work being waited for may need those).
    private static func signalled(_ semaphore: DispatchSemaphore) async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                semaphore.wait()
                continuation.resume()
            }
        }
    }

    /// Starts a read that blocks its reader's queue (never a cooperative thread) until the
    /// returned semaphore is signalled, and returns once it is running.
    private func startLongRead(on database: Database) async -> (read: Task<Void, any Error>, release: DispatchSemaphore) {
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let long = Task {
            try await database.read { _ in
                started.signal()
                _ = release.wait(timeout: .now() + 30)
            }
        }
        await Self.signalled(started)
        return (long, release)
    }

    @Test func aLongReadDoesNotHoldUpOtherReadsForever() async throws {
        try await withTemporaryDatabase(readers: 2) { database, _ async throws in
            let long = await startLongRead(on: database)
            // A backlog beyond what the busy reader can take wakes the other one.
            let answered = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<4 { group.addTask { try await database.read { try $0.queryFirst("SELECT ?", index)!.value(at: 0) } } }
                var count = 0
                for try await _ in group { count += 1 }
                return count
            }
            #expect(answered == 4)
            long.release.signal()
            try await long.read.value
        }
    }

    @Test func oneReadRightBehindALongReadIsServedByAnotherReader() async throws {
        try await withTemporaryDatabase(readers: 2) { database, _ async throws in
            let long = await startLongRead(on: database)
            // A single read, with nothing arriving after it: the delayed stall check (not a later
            // arrival, not the end of the long read) must hand it to the idle reader.
            let clock = ContinuousClock()
            let began = clock.now
            let value: Int = try await database.read { try $0.queryFirst("SELECT 7")!.value(at: 0) }
            let waited = clock.now - began
            long.release.signal()
            try await long.read.value
            #expect(value == 7)
            #expect(waited < .seconds(5))
        }
    }

    @Test func readsQueuedOrStartedAfterCloseFail() async throws {
        try await withTemporaryDatabase(readers: 1) { database, _ async throws in
            await database.close()
            await #expect(throws: (any Error).self) { try await database.read { _ in 1 } }
        }
    }

    @Test func readersWorkWhileAWriteTransactionIsOpen() async throws {
        try await withTemporaryDatabase(readers: 2) { database, _ async throws in
            try await database.write { connection in
                try connection.execute("INSERT INTO tenants (name, created_at) VALUES ('before', 0)")
            }
            let inside = DispatchSemaphore(value: 0)
            let finish = DispatchSemaphore(value: 0)
            // The write blocks its own serial queue (never a cooperative thread) until released.
            let writer = Task {
                try await database.write { connection in
                    try connection.execute("INSERT INTO tenants (name, created_at) VALUES ('during', 0)")
                    inside.signal()
                    _ = finish.wait(timeout: .now() + 10)
                }
            }
            await Self.signalled(inside)
            // Both readers answer, from the last committed snapshot, while the writer holds its lock.
            async let first = database.read { try $0.query("SELECT name FROM tenants").count }
            async let second = database.read { try $0.query("SELECT name FROM tenants").count }
            #expect(try await [first, second] == [1, 1])
            #expect(try await database.quickCheck() == [])
            finish.signal()
            try await writer.value
            #expect(try await database.read { try $0.query("SELECT name FROM tenants").count } == 2)
        }
    }

    @Test func manyConcurrentReadsShareASmallPool() async throws {
        try await withTemporaryDatabase(readers: 2) { database, _ async throws in
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<200 {
                    group.addTask { try await database.read { try $0.queryFirst("SELECT ?", index)!.value(at: 0) } }
                }
                var sum = 0
                for try await value in group { sum += value }
                return sum
            }
            #expect(results == (0..<200).reduce(0, +))
        }
    }

    @Test func writeRollsBackOnThrowThroughDatabase() async throws {
        struct Boom: Error {}
        try await withTemporaryDatabase { database, _ async throws in
            await #expect(throws: Boom.self) {
                try await database.write { connection in
                    try connection.execute("INSERT INTO tenants (name, created_at) VALUES ('x', 0)")
                    throw Boom()
                }
            }
            #expect(try await database.read { try $0.query("SELECT * FROM tenants").count } == 0)
            // Nested transactions inside a body are refused and roll the outer one back.
            await #expect(throws: StoreError.self) {
                try await database.write { connection in
                    try connection.execute("INSERT INTO tenants (name, created_at) VALUES ('y', 0)")
                    try connection.write {}
                }
            }
            #expect(try await database.read { try $0.query("SELECT * FROM tenants").count } == 0)
            #expect(await database.isWritable())
        }
    }
}
