import Store

/// Commits `sql` through a connection of its own to the database at `path`, then closes it: a
/// commit the server's connections did not make, as the `roster` CLI makes from another process.
public func commitFromAnotherConnection(path: String, _ sql: String, _ arguments: any SQLiteValueConvertible...) throws {
    let other = try SQLiteConnection(path: path, create: false)
    try other.execute(sql, arguments: arguments)
    try other.close()
}

/// Revokes the token with `tokenID` that way, as `roster token revoke` does.
public func revokeTokenFromAnotherConnection(path: String, tokenID: String) throws {
    try commitFromAnotherConnection(path: path, "UPDATE tokens SET revoked_at = 1 WHERE id = ?", tokenID)
}
