import Foundation

/// The server-side facts of a stored resource that rendering adds (RFC 7643 §3.1 `meta`).
public struct SCIMMeta: Sendable, Equatable {
    /// When the resource was created.
    public var created: Date
    /// When it last changed.
    public var lastModified: Date
    /// An opaque version token; rendered as the weak ETag `W/"token"` (RFC 7644 §3.14).
    public var version: String

    /// Creates metadata.
    public init(created: Date, lastModified: Date, version: String) {
        self.created = created
        self.lastModified = lastModified
        self.version = version
    }

    /// The weak ETag for `meta.version` and the `ETag` header: `W/"token"`.
    public var etag: String { "W/\"\(version)\"" }
}

/// A group a user belongs to, for the derived read-only `User.groups` (RFC 7643 §4.1.2).
public struct SCIMGroupReference: Sendable, Equatable {
    /// The group's id.
    public var id: String
    /// The group's `displayName`.
    public var display: String?
    /// Creates a reference.
    public init(id: String, display: String? = nil) {
        self.id = id
        self.display = display
    }
}

/// A member of a group, for `Group.members` (RFC 7643 §4.2).
public struct SCIMMemberReference: Sendable, Equatable {
    /// The member's id.
    public var id: String
    /// A display name (the user's `userName` or `displayName`).
    public var display: String?
    /// `User` or `Group`.
    public var type: SCIMResourceKind
    /// Creates a reference.
    public init(id: String, display: String? = nil, type: SCIMResourceKind = .user) {
        self.id = id
        self.display = display
        self.type = type
    }
}
