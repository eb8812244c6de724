/// Filters of the platform's `GET /users`; every one is served by an index (migration 0003).
/// Filters combine with AND.
public struct UserFilter: Sendable, Equatable {
    /// Only users with this `active` flag.
    public var active: Bool?
    /// Only the user holding this canonical userName (``Core/UserNameCanonicalizer``).
    public var userNameCanonical: String?
    /// Only users with this externalId (case-exact; one per connection, so possibly several).
    public var externalID: String?
    /// Only current members of this team id.
    public var teamID: String?

    /// No filter.
    public init(active: Bool? = nil, userNameCanonical: String? = nil, externalID: String? = nil, teamID: String? = nil) {
        self.active = active
        self.userNameCanonical = userNameCanonical
        self.externalID = externalID
        self.teamID = teamID
    }
}
