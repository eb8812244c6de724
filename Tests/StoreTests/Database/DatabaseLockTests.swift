import Store
import TestSupport
import Testing

@Suite struct DatabaseLockTests {
    @Test func secondAcquireFailsUntilReleased() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("roster.db")
        let first = try DatabaseLock.acquire(forDatabaseAt: path)
        #expect(first.isHeld)
        // A second open of the lock file is a separate open file description, so flock conflicts
        // exactly as it would with another process.
        do {
            _ = try DatabaseLock.acquire(forDatabaseAt: path)
            Issue.record("second acquire succeeded")
        } catch StoreError.locked(let lockedPath) {
            #expect(lockedPath == path)
        }
        first.release()
        first.release()  // idempotent
        #expect(!first.isHeld)
        let second = try DatabaseLock.acquire(forDatabaseAt: path)
        #expect(second.isHeld)
    }

    @Test func deinitReleases() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("roster.db")
        do { _ = try DatabaseLock.acquire(forDatabaseAt: path) }
        let again = try DatabaseLock.acquire(forDatabaseAt: path)
        again.release()
    }

    @Test func differentDatabasesDoNotConflict() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let one = try DatabaseLock.acquire(forDatabaseAt: directory.file("a.db"))
        let two = try DatabaseLock.acquire(forDatabaseAt: directory.file("b.db"))
        #expect(one.isHeld && two.isHeld)
    }
}
