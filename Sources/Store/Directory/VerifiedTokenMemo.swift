import Core

/// The tokens one connection has verified, each with the data version of the snapshot it was read
/// in, so that a read can skip the token query when nothing at all has committed since.
///
/// Why that is safe: the data version (``SQLiteConnection/dataVersion``) changes with every commit
/// to the database, by any connection of any process, a token's revocation included. An entry is
/// trusted only once the request's own read has taken its snapshot, and only if that snapshot's
/// data version still equals the entry's: then the `tokens` table is exactly what it was when the
/// token was read, and reading it again would give the same row. Otherwise the token is read again
/// inside the same snapshot (``Directory/readGuarded(digest:on:accepts:_:)``).
///
/// Bounded: at most ``capacity`` entries (all dropped when full; a working set of tokens is a few
/// per tenant), none older than ``maximumAgeNanoseconds``, which also keeps the 32-bit version
/// counter from ever wrapping around to an entry's value while it is trusted. Keyed by the token's
/// SHA-256 digest, never by its secret. Confined to its connection's queue like the connection.
struct VerifiedTokenMemo {
    /// A verified token and the snapshot it was verified in.
    struct Entry {
        /// The active token as read.
        let token: APIToken
        /// The connection's data version while it held the snapshot the token was read in.
        let version: UInt32
        /// When it was read (monotonic nanoseconds).
        let verifiedAt: UInt64
    }

    /// A SHA-256 digest as four words: hashed and compared without walking an array.
    struct Key: Hashable {
        let words: (UInt64, UInt64, UInt64, UInt64)

        /// Nil unless `digest` is 32 bytes long.
        init?(_ digest: [UInt8]) {
            guard digest.count == 32 else { return nil }
            words = digest.withUnsafeBytes { bytes in
                (
                    bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                    bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                    bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
                    bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                )
            }
        }

        /// Equal digests (tuples are not `Equatable`, so the words are compared one by one).
        static func == (a: Key, b: Key) -> Bool {
            a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
        }

        /// Feeds the four words to `hasher`.
        func hash(into hasher: inout Hasher) {
            hasher.combine(words.0)
            hasher.combine(words.1)
            hasher.combine(words.2)
            hasher.combine(words.3)
        }
    }

    /// Most entries kept; the memo is emptied when one more would not fit.
    static let capacity = 64
    /// Longest an entry is trusted, however quiet the database (60 s).
    static let maximumAgeNanoseconds: UInt64 = 60_000_000_000

    private var entries: [Key: Entry] = [:]

    /// The number of entries (tests).
    var count: Int { entries.count }

    /// The entry for `key`, unless it is older than ``maximumAgeNanoseconds`` at `now`.
    func entry(for key: Key, now: UInt64) -> Entry? {
        guard let entry = entries[key], now &- entry.verifiedAt < Self.maximumAgeNanoseconds else { return nil }
        return entry
    }

    /// Records `token` as verified in the snapshot of data version `version` at `now`.
    mutating func remember(_ token: APIToken, key: Key, version: UInt32, now: UInt64) {
        if entries[key] == nil && entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = Entry(token: token, version: version, verifiedAt: now)
    }

    /// Drops the entry for `key` (the token is gone or revoked).
    mutating func forget(_ key: Key) {
        entries[key] = nil
    }

    /// Moves the entries verified under data version `old` to `new`, and drops the rest: for a
    /// version change known to leave `tokens` as it was (``SQLiteConnection/commit()``).
    mutating func relabel(from old: UInt32, to new: UInt32) {
        guard !entries.isEmpty else { return }
        for (key, entry) in entries {
            entries[key] = entry.version == old
                ? Entry(token: entry.token, version: new, verifiedAt: entry.verifiedAt) : nil
        }
    }

    /// Forgets every token (the connection changed the `tokens` table).
    mutating func forgetAll() {
        if !entries.isEmpty { entries.removeAll(keepingCapacity: true) }
    }
}
