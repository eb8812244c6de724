/// Who caused a state change, as recorded on every audit event (design.md "Audit").
public enum AuditActor: String, Sendable, Codable, CaseIterable {
    /// A SCIM request from the IdP.
    case scim
    /// The Okta pull reconciler.
    case reconciler
    /// An administrator through the CLI.
    case admin
}
