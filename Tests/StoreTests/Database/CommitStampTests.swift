import Foundation
@testable import Store
import TestSupport
import Testing

/// `Database.commitStamp()`: read from the WAL index without a transaction, equal while nothing
/// commits and different after every commit, from this process or from another connection.
@Suite struct CommitStampTests {
    @Test func readsLeaveTheStampAsItIs() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            let before = try #require(database.commitStamp())
            for _ in 0..<5 {
                _ = try await database.read { connection in try connection.queryFirst("SELECT count(*) FROM tenants") }
            }
            #expect(database.commitStamp() == before)
        }
    }

    @Test func everyCommitChangesTheStamp() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            try await database.write { connection in try connection.execute("CREATE TABLE t (x INTEGER)") }
            var previous = try #require(database.commitStamp())
            for value in 0..<50 {
                try await database.write { connection in try connection.execute("INSERT INTO t VALUES (?)", value) }
                let current = try #require(database.commitStamp())
                #expect(current != previous, "commit \(value) left the stamp unchanged")
                previous = current
            }
        }
    }

    @Test func aCommitByAnotherConnectionChangesTheStamp() async throws {
        try await withTemporaryDatabase { database, path async throws in
            let before = try #require(database.commitStamp())
            try commitFromAnotherConnection(path: path, "CREATE TABLE t (x INTEGER)")
            let after = try #require(database.commitStamp())
            #expect(after != before)
            try commitFromAnotherConnection(path: path, "INSERT INTO t VALUES (1)")
            #expect(database.commitStamp() != after)
        }
    }

    @Test func aCheckpointThatRestartsTheWALStillChangesTheStampOfTheNextCommit() async throws {
        try await withTemporaryDatabase { database, path async throws in
            try await database.write { connection in try connection.execute("CREATE TABLE t (x INTEGER)") }
            // TRUNCATE resets the WAL: the next commit starts again at frame 1.
            let checkpoint = try SQLiteConnection(path: path, create: false)
            _ = try checkpoint.query("PRAGMA wal_checkpoint(TRUNCATE)")
            try checkpoint.close()
            let before = try #require(database.commitStamp())
            try await database.write { connection in try connection.execute("INSERT INTO t VALUES (1)") }
            #expect(database.commitStamp() != before)
        }
    }

    @Test func aSymlinkedPathReadsTheIndexSQLiteWrites() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let real = directory.file("real.db")
        let link = directory.file("link.db")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        // A decoy where appending -shm to the given path would look: an initialised header whose
        // copies agree and which nothing will ever change.
        var decoy = [UInt8](repeating: 0, count: 48)
        decoy[12] = 1
        #expect(FileManager.default.createFile(atPath: link + "-shm", contents: Data(decoy + decoy)))
        let database = try await Database.open(at: link, readers: 1)
        // SQLite followed the link: its index is next to the real file, and that is what is read.
        #expect(FileManager.default.fileExists(atPath: real + "-shm"))
        let before = try #require(database.commitStamp())
        try await database.write { connection in try connection.execute("CREATE TABLE t (x INTEGER)") }
        #expect(database.commitStamp() != before)
        await database.close()
    }

    @Test func noStampAfterClose() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = try await Database.open(at: directory.file("roster.db"), readers: 1)
        #expect(database.commitStamp() != nil)
        await database.close()
        #expect(database.commitStamp() == nil)
    }

    @Test func halfWrittenOrUninitialisedHeadersAreNotTrusted() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("fake.db")
        // No -shm file at all.
        #expect(WALIndexHeaderReader(databasePath: path) == nil)
        func header(isInit: UInt8, change: UInt8, secondChange: UInt8) -> [UInt8] {
            var copy = [UInt8](repeating: 0, count: 48)
            copy[8] = change
            copy[12] = isInit
            var second = copy
            second[8] = secondChange
            return copy + second
        }
        let cases: [([UInt8], Bool)] = [
            (header(isInit: 1, change: 7, secondChange: 7), true),
            // A writer between its two copies.
            (header(isInit: 1, change: 8, secondChange: 7), false),
            (header(isInit: 0, change: 7, secondChange: 7), false),
            // Shorter than both copies.
            (Array(header(isInit: 1, change: 7, secondChange: 7).prefix(60)), false),
        ]
        for (bytes, trusted) in cases {
            #expect(FileManager.default.createFile(atPath: path + "-shm", contents: Data(bytes)))
            let reader = try #require(WALIndexHeaderReader(databasePath: path))
            #expect((reader.stamp() != nil) == trusted, "\(bytes.prefix(16))")
        }
    }
}
