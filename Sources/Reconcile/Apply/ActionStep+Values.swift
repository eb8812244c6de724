import Core
import Store

extension ActionStep {
    /// Canonical userName / display name (one rule shared with the receiver, hardening.md §4.3).
    static func canonical(_ text: String) -> String {
        (try? UserNameCanonicalizer.canonicalize(text)) ?? text.lowercased()
    }

    /// The SCIM attributes of a user written from Okta's fields, keeping anything else the
    /// existing attributes hold (RFC 7643 §4.1 names).
    static func attributes(_ fields: PlanAction.UserFields, existing: String?) -> String {
        var object = existing.flatMap { try? JSONValue.parse($0) }?.objectValue ?? [:]
        object["schemas"] = object["schemas"] ?? .array([.string("urn:ietf:params:scim:schemas:core:2.0:User")])
        object["userName"] = .string(fields.userName)
        object["externalId"] = .string(fields.oktaUserID)
        var name = object["name"]?.objectValue ?? [:]
        if let given = fields.givenName { name["givenName"] = .string(given) }
        if let family = fields.familyName { name["familyName"] = .string(family) }
        if !name.isEmpty { object["name"] = .object(name) }
        if let email = fields.email {
            object["emails"] = .array([
                .object(["value": .string(email), "type": .string("work"), "primary": .bool(true)])
            ])
        }
        object["active"] = .bool(fields.active)
        return JSONValue.object(object).serializedString()
    }

    /// `attributes` with `active` set.
    static func setActive(_ attributes: String, _ active: Bool) -> String {
        guard var object = (try? JSONValue.parse(attributes))?.objectValue else { return attributes }
        if object["active"] == .bool(active) { return attributes }
        object["active"] = .bool(active)
        return JSONValue.object(object).serializedString()
    }

    /// The email index values (the receiver's rule: canonicalised, else lower-cased).
    static func emails(_ fields: PlanAction.UserFields) -> [String] {
        guard let email = fields.email else { return [] }
        return [(try? UserNameCanonicalizer.canonicalize(email)) ?? email.lowercased()]
    }

    /// The audited view of a user (same fields as the receiver's).
    static func snapshot(_ user: UserRecord) -> JSONValue {
        var fields: [String: JSONValue] = [
            "userName": .string(user.userName), "active": .bool(user.active),
            "externalId": user.externalID.map(JSONValue.string) ?? .null,
        ]
        if user.deletedAt != nil { fields["deleted"] = .bool(true) }
        return .object(fields)
    }

    /// The audited view of a team.
    static func snapshot(_ team: TeamRecord) -> JSONValue {
        .object(["displayName": .string(team.displayName), "externalId": team.externalID.map(JSONValue.string) ?? .null])
    }
}
