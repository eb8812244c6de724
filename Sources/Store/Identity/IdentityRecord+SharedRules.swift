import Core

extension UserRecord {
    /// The audited view of a user, the same for every writer (the SCIM receiver and the
    /// reconciler): who they are and whether they have access, never their attributes (which
    /// may hold personal data beyond what the audit trail needs) and never a secret.
    public var auditSnapshot: JSONValue {
        var fields: [String: JSONValue] = [
            "userName": .string(userName), "active": .bool(active),
            "externalId": externalID.map(JSONValue.string) ?? .null,
        ]
        if deletedAt != nil { fields["deleted"] = .bool(true) }
        return .object(fields)
    }
}

extension TeamRecord {
    /// The audited view of a team, the same for every writer.
    public var auditSnapshot: JSONValue {
        var fields: [String: JSONValue] = [
            "displayName": .string(displayName), "externalId": externalID.map(JSONValue.string) ?? .null,
        ]
        if archivedAt != nil { fields["archived"] = .bool(true) }
        return .object(fields)
    }
}

extension UserRecord {
    /// Email values as the `user_emails` index and `emails.value` filters hold them: canonicalised
    /// like userNames where possible, else lower-cased; unique and sorted. One rule for every
    /// writer, so a user provisioned by the reconciler is found by the receiver's filters.
    public static func emailIndex(_ values: [String]) -> [String] {
        Set(values.map { (try? UserNameCanonicalizer.canonicalize($0)) ?? $0.lowercased() }).sorted()
    }
}
