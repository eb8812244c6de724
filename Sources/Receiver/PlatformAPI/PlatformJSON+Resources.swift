import Core
import Foundation
import Store

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
