/// An equality lookup the store can answer from an index (issue 3: `eq` on `userName`,
/// `externalId`, `id`, `displayName` and `emails.value` is served from indexes;
/// okta-protocol.md E1).
public enum IndexLookup: Sendable, Hashable {
    /// `id eq "…"` (caseExact).
    case id(String)
    /// `externalId eq "…"` (caseExact; Entra's matching attribute).
    case externalId(String)
    /// `userName eq "…"`: the value is already the ``UserNameCanonicalizer`` form, the key of
    /// the unique index (Okta's pre-create lookup, okta-protocol.md A3).
    case userName(canonical: String)
    /// `displayName eq "…"` as written; compare case-insensitively (caseExact false).
    case displayName(String)
    /// `emails.value eq "…"` or `emails[type eq "work"].value eq "…"` as written; compare
    /// case-insensitively.
    case emailValue(String)
    /// The filter can match nothing (e.g. `userName eq` a value the canonicalizer refuses).
    case nothing
}

/// How to serve a filter: an index lookup for candidates, then the residual filter (if any)
/// evaluated in memory on each candidate with ``SCIMFilter/matches(_:kind:)``.
public struct IndexPlan: Sendable, Equatable {
    /// The indexed equality.
    public var lookup: IndexLookup
    /// The rest of the `and`, or nil when the lookup alone decides.
    public var residual: SCIMFilter?

    /// Creates a plan.
    public init(lookup: IndexLookup, residual: SCIMFilter?) {
        self.lookup = lookup
        self.residual = residual
    }
}
