import Foundation
import Testing
import TestSupport

@testable import Store

/// The writer's WAL goes through ``WALCoalescingVFS``, which gathers frame writes into one
/// `pwrite`. These tests check that nothing about the database changes: another connection sees
/// every commit, the WAL on disk after a commit holds the whole transaction (a copy of the files,
/// opened cold, recovers it), and spills, savepoint rollbacks and rolled-back transactions read
/// back exactly as without the buffer.
@Suite struct WALCoalescingVFSTests {
    /// A writer through the coalescing VFS with Roster's writer settings, and a plain reader.
    private struct Pair {
        let directory: TemporaryDirectory
        let path: String
        let writer: SQLiteConnection
        let reader: SQLiteConnection

        init() throws {
            directory = try TemporaryDirectory()
            path = directory.file("vfs.db")
            writer = try SQLiteConnection(path: path, coalescingWALWrites: true)
            try writer.configureForWriting()
            try writer.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL) STRICT")
            reader = try SQLiteConnection(path: path, create: false)
            try reader.configureForReading()
        }

        func close() {
            try? reader.close()
            try? writer.close()
            directory.remove()
        }

        /// Copies the database and its WAL as they are on disk now (no `-shm`), and opens the
        /// copy: SQLite rebuilds the WAL index from the WAL file's frames, so the copy holds
        /// exactly the transactions whose frames were written out completely.
        func recoveredCopy() throws -> SQLiteConnection {
            let copy = directory.file("copy-\(UUID().uuidString).db")
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal")
            return try SQLiteConnection(path: copy, create: false)
        }
    }

    private static func rows(_ connection: SQLiteConnection) throws -> [Row] {
        try connection.query("SELECT id, payload FROM t ORDER BY id")
    }

    private static func integrity(_ connection: SQLiteConnection) throws -> String? {
        try connection.pragma("integrity_check").flatMap { if case .text(let text) = $0 { text } else { nil } }
    }

    @Test func theWriterOpensThroughTheCoalescingVFSAndOthersDoNot() throws {
        let pair = try Pair()
        defer { pair.close() }
        #expect(pair.writer.vfsName == WALCoalescingVFS.name)
        #expect(pair.reader.vfsName != WALCoalescingVFS.name)
        #expect(pair.reader.vfsName != nil)
    }

    @Test func everyCommitReachesOtherConnectionsAndTheFileOnDisk() throws {
        let pair = try Pair()
        defer { pair.close() }
        for batch in 0..<40 {
            // 3,000-byte rows: each transaction writes many frames, some with overflow pages.
            try pair.writer.write {
                for index in 0..<15 {
                    try pair.writer.execute("INSERT INTO t (id, payload) VALUES (?, randomblob(3000))", batch * 100 + index)
                }
            }
            #expect(try pair.reader.queryFirst("SELECT count(*) FROM t")?.value(at: 0, as: Int.self) == (batch + 1) * 15)
        }
        let expected = try Self.rows(pair.writer)
        #expect(try Self.rows(pair.reader) == expected)
        let copy = try pair.recoveredCopy()
        defer { try? copy.close() }
        #expect(try Self.rows(copy) == expected)
        #expect(try Self.integrity(copy) == "ok")
    }

    @Test func spilledPagesSavepointsAndRollbacksReadBackExactly() throws {
        let pair = try Pair()
        defer { pair.close() }
        // A ten-page cache makes SQLite spill dirty pages into the WAL mid-transaction, then read
        // them back and overwrite them in place: the writes that are not plain appends.
        try pair.writer.execute("PRAGMA cache_size = 10")
        try pair.writer.write {
            for index in 0..<600 { try pair.writer.execute("INSERT INTO t (id, payload) VALUES (?, randomblob(900))", index) }
            let before = try Self.rows(pair.writer)
            try pair.writer.execute("SAVEPOINT s")
            try pair.writer.execute("UPDATE t SET payload = randomblob(1200)")
            try pair.writer.execute("DELETE FROM t WHERE id % 3 = 0")
            try pair.writer.execute("ROLLBACK TO s")
            try pair.writer.execute("RELEASE s")
            #expect(try Self.rows(pair.writer) == before)
            try pair.writer.execute("UPDATE t SET payload = randomblob(700) WHERE id % 2 = 0")
        }
        let committed = try Self.rows(pair.writer)
        #expect(committed.count == 600)

        // A large transaction that is rolled back leaves its spilled frames behind the commit;
        // the next, shorter transaction overwrites some of them.
        try pair.writer.execute("BEGIN IMMEDIATE")
        for index in 1000..<1600 { try pair.writer.execute("INSERT INTO t (id, payload) VALUES (?, randomblob(1500))", index) }
        try pair.writer.execute("ROLLBACK")
        try pair.writer.write { try pair.writer.execute("INSERT INTO t (id, payload) VALUES (5000, x'00ff')") }

        let expected = try Self.rows(pair.writer)
        #expect(expected.count == 601)
        #expect(expected.dropLast().elementsEqual(committed))
        #expect(try Self.rows(pair.reader) == expected)
        let copy = try pair.recoveredCopy()
        defer { try? copy.close() }
        #expect(try Self.rows(copy) == expected)
        #expect(try Self.integrity(copy) == "ok")
        #expect(try Self.integrity(pair.writer) == "ok")
    }

    @Test func commitsAreWrittenOutEvenWithoutSyncs() throws {
        let pair = try Pair()
        defer { pair.close() }
        // With synchronous=OFF SQLite never calls xSync on the WAL, so only the flush after a
        // commit frame puts the transaction's bytes in the file before other connections are
        // told about them.
        try pair.writer.execute("PRAGMA synchronous = OFF")
        for index in 0..<20 {
            try pair.writer.write { try pair.writer.execute("INSERT INTO t (id, payload) VALUES (?, randomblob(5000))", index) }
            #expect(try Self.rows(pair.reader).count == index + 1)
        }
        let expected = try Self.rows(pair.writer)
        #expect(try Self.rows(pair.reader) == expected)
        let copy = try pair.recoveredCopy()
        defer { try? copy.close() }
        #expect(try Self.rows(copy) == expected)
    }

    @Test func checkpointsFromAnotherConnectionCopyEveryCommittedPage() throws {
        let pair = try Pair()
        defer { pair.close() }
        let checkpointer = try SQLiteConnection(path: pair.path, create: false)
        defer { try? checkpointer.close() }
        try checkpointer.configureForCheckpointing()
        for round in 0..<10 {
            try pair.writer.write {
                for index in 0..<30 { try pair.writer.execute("INSERT INTO t (id, payload) VALUES (?, randomblob(2000))", round * 100 + index) }
            }
            _ = try checkpointer.query("PRAGMA wal_checkpoint(PASSIVE)")
        }
        _ = try checkpointer.query("PRAGMA wal_checkpoint(TRUNCATE)")
        let expected = try Self.rows(pair.writer)
        #expect(expected.count == 300)
        #expect(try Self.rows(pair.reader) == expected)
        #expect(try Self.integrity(pair.reader) == "ok")
    }
}
