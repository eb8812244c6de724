import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive, advisory, process-level lock on a database, so a second `roster serve` on the same
/// file refuses to start instead of racing the first.
///
/// It is a `flock(2)` on a sibling file `<path>.lock`, never on the database file itself:
/// SQLite uses POSIX `fcntl` locks on the database, and closing *any* descriptor of that file
/// in the process would drop them (https://www.sqlite.org/howtocorrupt.html §2.2). `flock` locks
/// belong to the open file description, so they are released on ``release()``, on `deinit`, and
/// by the kernel when the process dies (even by `kill -9`), leaving no stale lock behind.
///
/// `Sendable`: the descriptor is guarded by a `Mutex`.
public final class DatabaseLock: Sendable {
    /// The lock file's path (`<database path>.lock`).
    public let lockPath: String
    private let descriptor: Mutex<Int32?>

    private init(lockPath: String, descriptor: Int32) {
        self.lockPath = lockPath
        self.descriptor = Mutex(descriptor)
    }

    deinit { release() }

    /// Takes the lock for the database at `path` without waiting.
    /// - Throws: ``StoreError/locked(path:)`` if another process (or another open of the lock file
    ///   in this process) holds it; ``StoreError/unreadable(path:reason:)`` if the lock file cannot
    ///   be created.
    public static func acquire(forDatabaseAt path: String) throws -> DatabaseLock {
        let lockPath = path + ".lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError.unreadable(path: lockPath, reason: String(cString: strerror(errno)))
        }
        // LOCK_NB: fail at once rather than queue behind a running server.
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { throw StoreError.locked(path: path) }
            throw StoreError.unreadable(path: lockPath, reason: String(cString: strerror(code)))
        }
        return DatabaseLock(lockPath: lockPath, descriptor: descriptor)
    }

    /// Whether the lock is still held by this object.
    public var isHeld: Bool { descriptor.withLock { $0 != nil } }

    /// Releases the lock. Idempotent. The lock file stays (removing it could let two processes
    /// lock two different inodes).
    public func release() {
        guard let held = descriptor.withLock({ value -> Int32? in
            defer { value = nil }
            return value
        }) else { return }
        flock(held, LOCK_UN)
        close(held)
    }
}
