import Core
import Foundation
import Store
import Synchronization

/// Users as the receiver last wrote them (the results of `PATCH` and `PUT`), so a `PATCH` of a
/// user changed recently can skip its read trip to the database.
///
/// A snapshot is only ever a guess: the `PATCH` writer still checks, inside its transaction, that
/// the user's stored `version` equals the snapshot's (``UserTable/liveVersion(tenant:connectionID:id:on:)``),
/// and reads the user itself when it does not. Every change to a user row or its email rows
/// bumps that version (``UserTable/update(_:from:on:)`` requires it), so an equal version means the
/// snapshot *is* the committed user, and a stale snapshot costs only the read it was meant to
/// save. Entries are keyed by the tenant, connection and id they were stored under, which come
/// from the record itself, so one tenant's or connection's request can never be answered with
/// another's user.
///
/// Bounded: two generations of at most ``generationCapacity`` users and ``generationByteCapacity``
/// bytes of stored attributes each (a SCIM body may be up to a megabyte, so a count alone would
/// not bound the memory). Lookups promote a hit
/// from the old generation into the new one; when the new one is full it becomes the old one and
/// the old one is dropped, an approximate least-recently-used policy with O(1) amortised work per
/// call. (A direct-mapped table was tried and dropped: with 2,000 users in 8,192 slots, collisions
/// sent about one `PATCH` in eight back to the read trip.)
final class UserSnapshotCache: Sendable {
    /// Users per generation: at most twice this many are held (a typical stored user is under
    /// 1 KB, so a few megabytes).
    static let generationCapacity = 4096
    /// Stored-attribute bytes per generation (16 MiB): with the count above, at most about
    /// 32 MiB are held however large the users are.
    static let generationByteCapacity = 16 << 20

    private struct Key: Hashable {
        let tenant: String
        let connectionID: String
        let id: String

        /// Hashes the id alone (a UUID Roster generated, unique on its own): a third of the
        /// hashing, while equality still compares all three parts.
        func hash(into hasher: inout Hasher) { hasher.combine(id) }
    }

    private struct Generations {
        var current: [Key: UserRecord] = [:]
        var previous: [Key: UserRecord] = [:]
        /// The stored-attribute bytes of `current` (an upper bound: replaced entries still count).
        var currentBytes = 0

        mutating func insert(_ user: UserRecord, for key: Key) {
            let bytes = UserSnapshotCache.bytes(of: user)
            let full =
                current.count >= UserSnapshotCache.generationCapacity
                || currentBytes + bytes > UserSnapshotCache.generationByteCapacity
            if full, current[key] == nil {
                previous = current
                current = Dictionary(minimumCapacity: UserSnapshotCache.generationCapacity)
                currentBytes = 0
            }
            current[key] = user
            currentBytes += bytes
        }
    }

    /// What a snapshot costs against ``generationByteCapacity``: its attribute text plus the
    /// record's other fields.
    private static func bytes(of user: UserRecord) -> Int { user.attributes.utf8.count + 256 }

    private let generations = Mutex(Generations())

    /// Creates an empty cache.
    init() {}

    /// The snapshot of live user `id` of the connection, if one is held.
    func user(tenant: TenantName, connectionID: String, id: String) -> UserRecord? {
        let key = Key(tenant: tenant.rawValue, connectionID: connectionID, id: id)
        return generations.withLock { state in
            if let user = state.current[key] { return user }
            guard let user = state.previous.removeValue(forKey: key) else { return nil }
            state.insert(user, for: key)
            return user
        }
    }

    /// Holds `user` (as written, so as stored: the receiver's time is at the store's millisecond
    /// precision), unless a snapshot with a higher version is held already (two writes of one
    /// user whose responses finished out of order); a deleted user is forgotten instead.
    func remember(_ user: UserRecord) {
        guard user.deletedAt == nil else {
            forget(tenant: user.tenant, connectionID: user.connectionID, id: user.id)
            return
        }
        let key = Key(tenant: user.tenant.rawValue, connectionID: user.connectionID, id: user.id)
        let replaced: UserRecord? = generations.withLock { state in
            if let held = state.current[key] ?? state.previous[key], held.version > user.version { return nil }
            let older = state.previous.removeValue(forKey: key)
            state.insert(user, for: key)
            return older
        }
        // Any record replaced is released here, outside the lock.
        _ = replaced
    }

    /// Drops the snapshot of user `id` of the connection.
    func forget(tenant: TenantName, connectionID: String, id: String) {
        let key = Key(tenant: tenant.rawValue, connectionID: connectionID, id: id)
        generations.withLock { state in
            state.current[key] = nil
            state.previous[key] = nil
        }
    }

    /// How many snapshots are held (both generations), for tests.
    var count: Int { generations.withLock { $0.current.count + $0.previous.count } }

    /// The stored-attribute bytes held (both generations), for tests.
    var heldBytes: Int {
        generations.withLock { state in
            (state.current.values.reduce(0) { $0 + Self.bytes(of: $1) })
                + (state.previous.values.reduce(0) { $0 + Self.bytes(of: $1) })
        }
    }
}
