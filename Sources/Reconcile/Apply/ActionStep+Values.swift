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

    /// The email index values (``Store/UserRecord/emailIndex(_:)``, the receiver's rule).
    static func emails(_ fields: PlanAction.UserFields) -> [String] {
        UserRecord.emailIndex(fields.email.map { [$0] } ?? [])
    }
}
