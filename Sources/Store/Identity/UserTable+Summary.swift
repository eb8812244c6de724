import Core
import Foundation

extension UserTable {
    /// The columns ``summaries(tenant:connectionID:on:)`` reads. The last one is the three
    /// Okta-owned attributes as one JSON array, `[givenName, familyName, emails]`, from a single
    /// multi-path `json_extract` (https://www.sqlite.org/json1.html#jex: each value keeps its
    /// JSON type, a missing one is `null`; SQLite parses the attributes once, and only this short
    /// array crosses into Swift instead of the whole blob).
    static let summaryColumns = """
        id, external_id, user_name, user_name_canonical, active, deleted_at, updated_at, version, \
        json_extract(attributes, '$.name.givenName', '$.name.familyName', '$.emails')
        """

    /// Every user of the connection, deleted ones included, in insertion order, as
    /// ``UserSummary`` values: the reconciler's diff view, streamed row by row.
    ///
    /// Insertion order is restored here from the rowids rather than with `ORDER BY rowid`, which
    /// made SQLite copy every row through a temporary B-tree (the connection's users come out of
    /// an index, already in rowid order unless some are deleted or inactive).
    public static func summaries(
        tenant: TenantName, connectionID: String, on connection: SQLiteConnection
    ) throws -> [UserSummary] {
        var users: [UserSummary] = []
        var rowids: [Int64] = []
        if let count = try connection.queryFirst(
            "SELECT count(*) FROM users WHERE tenant = ? AND connection_id = ?", tenant.rawValue, connectionID)
        {
            users.reserveCapacity(try count.value(at: 0, as: Int.self))
            rowids.reserveCapacity(users.capacity)
        }
        try connection.forEachRow(
            "SELECT rowid, \(summaryColumns) FROM users WHERE tenant = ? AND connection_id = ?",
            tenant.rawValue, connectionID
        ) { row in
            rowids.append(try row.value(at: 0))
            let owned = oktaOwnedAttributes(try row.value(at: 9))
            users.append(
                UserSummary(
                    id: try row.value(at: 1), externalID: try row.value(at: 2), userName: try row.value(at: 3),
                    userNameCanonical: try row.value(at: 4), active: try row.value(at: 5),
                    deletedAt: try row.value(at: 6), updatedAt: try row.value(at: 7), version: try row.value(at: 8),
                    givenName: owned.givenName, familyName: owned.familyName, emails: owned.emails))
        }
        if zip(rowids, rowids.dropFirst()).contains(where: { $0 > $1 }) {
            users = rowids.indices.sorted { rowids[$0] < rowids[$1] }.map { users[$0] }
        }
        return users
    }

    /// Reads the `[givenName, familyName, emails]` array of ``summaryColumns`` with the rules a
    /// parsed attributes tree applied: a name counts only when it is a string, and the emails
    /// are the string `value`s of the elements of an `emails` array. Anything unreadable is
    /// treated as absent.
    static func oktaOwnedAttributes(_ json: String?) -> (givenName: String?, familyName: String?, emails: [String]) {
        guard let json, let values = (try? JSONValue.parse(json))?.arrayValue, values.count == 3 else { return (nil, nil, []) }
        let emails = values[2].arrayValue?.compactMap { $0["value"]?.stringValue } ?? []
        return (values[0].stringValue, values[1].stringValue, emails)
    }
}
