import Core

/// A pool reader's memo of the active tokens it has looked up, valid for as long as SQLite's
/// `PRAGMA data_version` on that connection is unchanged.
///
/// Why this is exact, not a cache with a lifetime: `data_version` changes whenever *another*
/// connection — this process's writer, or the CLI in another process — commits anything
/// (https://www.sqlite.org/pragma.html#pragma_data_version), and a reader is `query_only`, so it
/// never commits itself. Read inside the request's own transaction, an unchanged version means
/// the `tokens` table is exactly as it was when the token was memoised: a revoked token still
/// fails on the very next request. Any commit at all empties the memo, so under write traffic it
/// simply misses; it pays off on read traffic (the platform's access checks, IdP lookups).
///
/// Only found, active tokens are kept (unknown secrets are not worth memory), at most
/// ``capacity`` of them. Confined to its connection's queue like the connection itself, so it
/// needs no lock.
final class TokenMemo {
    /// The most tokens kept; beyond it the memo starts over.
    static let capacity = 256

    private var version: Int64 = -1
    private var tokens: [[UInt8]: APIToken] = [:]

    /// The memoised token for `digest` if the database is still at `version`; a new version
    /// empties the memo.
    func token(for digest: [UInt8], at version: Int64) -> APIToken? {
        guard version == self.version else {
            tokens.removeAll(keepingCapacity: true)
            self.version = version
            return nil
        }
        return tokens[digest]
    }

    /// Remembers `token` (found active at `version`) under `digest`.
    func remember(_ token: APIToken, for digest: [UInt8], at version: Int64) {
        guard version == self.version else { return }
        if tokens.count >= Self.capacity { tokens.removeAll(keepingCapacity: true) }
        tokens[digest] = token
    }
}
