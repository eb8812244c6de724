import Core
import Foundation
import Store

/// Writes the platform API's JSON straight into bytes, without `JSONEncoder` or an intermediate
/// tree: the `/access` answer sits on the platform's sign-in path. Strings and numbers go through
/// ``Core/JSONValue``'s serialiser; JSON already stored in the database (user attributes, audit
/// `before`/`after`, checked by `json_valid` on insert) is copied in verbatim.
struct PlatformJSON {
    /// The output so far.
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    /// An empty writer.
    init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    /// `{`.
    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    /// `}`.
    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// `"key":[`.
    mutating func beginArray(_ key: String) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    /// `]`.
    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// `"key":"value"` (or `null`).
    mutating func field(_ key: String, _ value: String?) {
        self.key(key)
        if let value { JSONValue.writeString(value, into: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
        needsComma = true
    }

    /// `"key":true` (or `null`).
    mutating func field(_ key: String, _ value: Bool?) {
        self.key(key)
        bytes.append(contentsOf: value.map { $0 ? "true" : "false" }.map { Array($0.utf8) } ?? Array("null".utf8))
        needsComma = true
    }

    /// `"key":123`.
    mutating func field(_ key: String, _ value: Int) {
        self.key(key)
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    /// `"key":"2026-01-05T10:00:00Z"` (RFC 3339, UTC) or `null`.
    mutating func field(_ key: String, _ value: Date?) {
        field(key, value.map(RFC3339.format))
    }

    /// `"key":<json>` copying already-serialised, valid JSON (or `null`).
    mutating func raw(_ key: String, _ json: String?) {
        self.key(key)
        if let json, !json.isEmpty { bytes.append(contentsOf: json.utf8) } else { bytes.append(contentsOf: "null".utf8) }
        needsComma = true
    }

    private mutating func key(_ key: String) {
        separate()
        JSONValue.writeString(key, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }
}

extension PlatformJSON {
    /// A user: `id`, `userName`, `externalId`, `active`, `deleted`, `connectionId`, `attributes`
    /// (the SCIM attributes as the IdP sent them, never `password`), timestamps; `teams` when given.
    mutating func user(_ user: UserRecord, teams: [TeamReference]? = nil) {
        beginObject()
        field("id", user.id)
        field("userName", user.userName)
        field("externalId", user.externalID)
        field("active", user.active && user.deletedAt == nil)
        field("deleted", user.deletedAt != nil)
        field("deletedAt", user.deletedAt)
        field("connectionId", user.connectionID)
        raw("attributes", user.attributes)
        field("createdAt", user.createdAt)
        field("updatedAt", user.updatedAt)
        if let teams { teamReferences("teams", teams) }
        endObject()
    }

    /// `"key":[{"id","displayName"},…]`.
    mutating func teamReferences(_ key: String, _ teams: [TeamReference]) {
        beginArray(key)
        for team in teams {
            beginObject()
            field("id", team.id)
            field("displayName", team.displayName)
            endObject()
        }
        endArray()
    }

    /// A team; `memberCount` when known.
    mutating func team(_ team: TeamRecord, memberCount: Int? = nil) {
        beginObject()
        field("id", team.id)
        field("displayName", team.displayName)
        field("externalId", team.externalID)
        field("archived", team.archivedAt != nil)
        field("archivedAt", team.archivedAt)
        field("connectionId", team.connectionID)
        if let memberCount { field("memberCount", memberCount) }
        field("createdAt", team.createdAt)
        field("updatedAt", team.updatedAt)
        endObject()
    }

    /// A membership row; `removedAt` / `reason` only with history.
    mutating func membership(_ entry: MembershipEntry, history: Bool) {
        beginObject()
        field("userId", entry.userID)
        field("userName", entry.userName)
        field("addedAt", entry.addedAt)
        if history {
            field("removedAt", entry.removedAt)
            field("reason", entry.removedReason)
        }
        endObject()
    }

    /// An audit event with its cursor.
    mutating func event(_ event: AuditEvent, cursor: String) {
        beginObject()
        field("cursor", cursor)
        field("time", event.time)
        field("action", event.action)
        field("actor", event.actor.rawValue)
        field("connectionId", event.connectionID)
        field("requestId", event.requestID)
        field("subjectType", event.subjectType)
        field("subjectId", event.subjectID)
        raw("before", event.before)
        raw("after", event.after)
        endObject()
    }

    /// A complete page: `{"items":[…],"next":cursor|null}`.
    static func page<T>(_ items: [T], next: String?, write: (inout PlatformJSON, T) -> Void) -> [UInt8] {
        var json = PlatformJSON(capacity: 256 + items.count * 256)
        json.beginObject()
        json.beginArray("items")
        for item in items { write(&json, item) }
        json.endArray()
        json.field("next", next)
        json.endObject()
        return json.bytes
    }
}
