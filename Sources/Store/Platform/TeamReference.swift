/// A team a user currently belongs to, as the platform sees it.
public struct TeamReference: Sendable, Equatable {
    /// The team id.
    public let id: String
    /// Its display name.
    public let displayName: String
}
