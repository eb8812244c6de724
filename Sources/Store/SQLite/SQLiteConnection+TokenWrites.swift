internal import CSQLite

#if canImport(Glibc)
    import Glibc
#endif

extension SQLiteConnection {
    /// Installs the connection's update hook (https://www.sqlite.org/c3ref/update_hook.html): every
    /// row this connection inserts, updates or deletes in `tokens` (a revocation, a new token, a
    /// last-use stamp) empties ``verifiedTokens`` at once, inside the statement that changed it.
    ///
    /// The memo's other guard, the data version, moves only when a transaction commits; this hook
    /// covers the writes of the transaction still open, so a token revoked by one write of a group
    /// commit is refused to the next write of the same transaction. SQLite skips the hook only for
    /// tables without rowid, internal tables, rows a `REPLACE` conflict deletes and `DELETE`
    /// without `WHERE` (the truncate optimisation); `tokens` is an ordinary table, and Roster
    /// never deletes or replaces tokens: it inserts them and revokes them with an `UPDATE`.
    ///
    /// The hook runs on the connection's own thread, during `sqlite3_step`; the connection
    /// outlives its handle, so the unretained reference cannot dangle.
    func forgetVerifiedTokensOnTokenWrites() {
        guard let handle else { return }
        sqlite3_update_hook(
            handle,
            { context, _, _, table, _ in
                guard let context, let table, strcmp(table, "tokens") == 0 else { return }
                Unmanaged<SQLiteConnection>.fromOpaque(context).takeUnretainedValue().verifiedTokens.forgetAll()
            },
            Unmanaged.passUnretained(self).toOpaque())
    }
}
