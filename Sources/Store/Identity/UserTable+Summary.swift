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
    public static func summaries(
        tenant: TenantName, connectionID: String, on connection: SQLiteConnection
    ) throws -> [UserSummary] {
        var users: [UserSummary] = []
        if let count = try connection.queryFirst(
            "SELECT count(*) FROM users WHERE tenant = ? AND connection_id = ?", tenant.rawValue, connectionID)
        {
            users.reserveCapacity(try count.value(at: 0, as: Int.self))
        }
        try connection.forEachRow(
            "SELECT \(summaryColumns) FROM users WHERE tenant = ? AND connection_id = ? ORDER BY rowid",
            tenant.rawValue, connectionID
        ) { row in
            let owned = oktaOwnedAttributes(try row.value(at: 8))
            users.append(
                UserSummary(
                    id: try row.value(at: 0), externalID: try row.value(at: 1), userName: try row.value(at: 2),
                    userNameCanonical: try row.value(at: 3), active: try row.value(at: 4),
                    deletedAt: try row.value(at: 5), updatedAt: try row.value(at: 6), version: try row.value(at: 7),
                    givenName: owned.givenName, familyName: owned.familyName, emails: owned.emails))
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
