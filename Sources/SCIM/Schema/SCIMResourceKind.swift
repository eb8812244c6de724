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
        case .user: [.enterpriseUser]
        case .group: []
        }
    }

    /// The endpoint below the base URL, e.g. `/Users`.
    public var endpoint: String {
        switch self {
        case .user: "/Users"
        case .group: "/Groups"
        }
    }

    /// The top-level attribute named `name` (core schema or common attributes), case-insensitively.
    public func coreAttribute(named name: String) -> SCIMAttribute? {
        coreSchema.attribute(named: name) ?? SCIMSchema.commonAttributes.first { $0.name.caseInsensitiveEquals(name) }
    }

    /// The known extension schema whose URN equals `urn` case-insensitively.
    public func extensionSchema(urn: String) -> SCIMSchema? {
        extensionSchemas.first { $0.id.caseInsensitiveEquals(urn) }
    }
}
