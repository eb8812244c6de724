import Core

/// The resource types Roster serves (RFC 7643 §6): users and groups (teams).
public enum SCIMResourceKind: String, Sendable, Equatable, CaseIterable {
    /// `/Users`.
    case user = "User"
    /// `/Groups`.
    case group = "Group"

    /// The core schema.
    public var coreSchema: SCIMSchema {
        switch self {
        case .user: .user
        case .group: .group
        }
    }

    /// The known extension schemas (RFC 7643 §3.3).
    public var extensionSchemas: [SCIMSchema] {
        switch self {
        case .user: Self.userExtensions
        case .group: []
        }
    }

    /// Built once: every attribute a request names is resolved through ``extensionSchemas``.
    private static let userExtensions: [SCIMSchema] = [.enterpriseUser]

    /// The endpoint below the base URL, e.g. `/Users`.
    public var endpoint: String {
        switch self {
        case .user: "/Users"
        case .group: "/Groups"
        }
    }

    /// The top-level attribute named `name` (core schema or common attributes), case-insensitively.
    public func coreAttribute(named name: String) -> SCIMAttribute? {
        coreSchema.attribute(named: name) ?? SCIMSchema.commonAttributes.attribute(named: name)
    }

    /// The known extension schema whose URN equals `urn` case-insensitively.
    public func extensionSchema(urn: String) -> SCIMSchema? {
        // Every schema URN starts with `urn:`; plain attribute names (most lookups) stop here.
        guard urn.hasCaseInsensitivePrefix("urn:") else { return nil }
        return extensionSchemas.first { $0.id.caseInsensitiveEquals(urn) }
    }
}
