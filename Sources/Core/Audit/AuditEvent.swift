import Foundation

/// One append-only audit record: every state change produces exactly one, written in the same
/// transaction as the change itself, so the trail can answer "who had access at time T".
public struct AuditEvent: Sendable, Hashable {
    /// Commit-ordered sequence number (the change-feed cursor); nil before the event is stored.
    public let sequence: Int64?
    /// When the change happened.
    public let time: Date
    /// The tenant it belongs to.
    public let tenant: TenantName
    /// The connection involved, if any.
    public let connectionID: String?
    /// Who made the change.
    public let actor: AuditActor
    /// The request id of the SCIM/admin call, or the reconcile run id.
    public let requestID: String?
    /// What happened, e.g. `tenant.created`, `token.revoked`, `user.deactivated`.
    public let action: String
    /// The kind of subject, e.g. `tenant`, `connection`, `token`, `user`, `team`.
    public let subjectType: String
    /// The subject's id.
    public let subjectID: String
    /// JSON of the relevant state before the change (nil for creations). Never holds secrets.
    public let before: String?
    /// JSON of the relevant state after the change (nil for deletions). Never holds secrets.
    public let after: String?

    /// Creates an audit event.
    public init(
        sequence: Int64? = nil, time: Date, tenant: TenantName, connectionID: String?, actor: AuditActor,
        requestID: String?, action: String, subjectType: String, subjectID: String, before: String?, after: String?
    ) {
        self.sequence = sequence
        self.time = time
        self.tenant = tenant
        self.connectionID = connectionID
        self.actor = actor
        self.requestID = requestID
        self.action = action
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.before = before
        self.after = after
    }
}
