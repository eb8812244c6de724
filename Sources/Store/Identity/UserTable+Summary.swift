import Core
import Foundation

extension UserTable {
    /// The columns ``summaries(tenant:connectionID:on:)`` reads. The three `->` extractions return
    /// each value as minified JSON text (a string keeps its quotes), so a string is told apart
    /// from a number, object or array exactly as a parsed tree would tell it
    /// (https://www.sqlite.org/json1.html#jptr); each costs SQLite one parse of the attributes,
    /// far cheaper than moving the text into Swift and building its tree.
    static let summaryColumns = """
        id, external_id, user_name, user_name_canonical, active, deleted_at, updated_at, version, \
        attributes -> '$.name.givenName', attributes -> '$.name.familyName', attributes -> '$.emails'
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
            users.append(
                UserSummary(
                    id: try row.value(at: 0), externalID: try row.value(at: 1), userName: try row.value(at: 2),
                    userNameCanonical: try row.value(at: 3), active: try row.value(at: 4),
                    deletedAt: try row.value(at: 5), updatedAt: try row.value(at: 6), version: try row.value(at: 7),
                    givenName: jsonString(try row.value(at: 8)), familyName: jsonString(try row.value(at: 9)),
                    emails: emailValues(try row.value(at: 10))))
        }
        return users
    }

    /// The string a JSON fragment holds, or nil when it is missing or not a string. Fragments
    /// come from SQLite's `->`, which renders a string token as it was stored; one without a
    /// backslash is its quoted content, anything else goes through the strict parser.
    static func jsonString(_ fragment: String?) -> String? {
        guard let fragment, fragment.utf8.first == UInt8(ascii: "\"") else { return nil }
        if fragment.utf8.count >= 2, fragment.utf8.last == UInt8(ascii: "\""),
            !fragment.utf8.contains(UInt8(ascii: "\\"))
        {
            // Sliced as bytes: a leading combining mark would join the quote in one Character.
            return String(decoding: fragment.utf8.dropFirst().dropLast(), as: UTF8.self)
        }
        return (try? JSONValue.parse(fragment))?.stringValue
    }

    /// The string `value`s of an `emails` fragment's elements, in order; empty when it is
    /// missing, not an array, or unreadable (the same view a parsed attributes tree gives).
    static func emailValues(_ fragment: String?) -> [String] {
        guard let fragment, fragment.utf8.first == UInt8(ascii: "[") else { return [] }
        return (try? JSONValue.parse(fragment))?.arrayValue?.compactMap { $0["value"]?.stringValue } ?? []
    }
}
