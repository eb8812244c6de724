/// Which identity provider pushes into a connection. It selects dialect tolerances in the SCIM
/// receiver and whether Okta pull settings make sense (okta-protocol.md §A, §B).
public enum IdentityProvider: String, Sendable, CaseIterable, Codable {
    /// Okta (AIW custom apps and OIN catalog templates).
    case okta
    /// Microsoft Entra ID.
    case entra
    /// Any other RFC 7644 client.
    case generic
}
