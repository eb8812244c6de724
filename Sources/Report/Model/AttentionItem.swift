/// Something an admin should look at: the top of the report and the reason for an alert.
public struct AttentionItem: Sendable, Equatable {
    /// What kind of problem.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// A reconcile run held back deactivations (the safety valve).
        case blockedRun = "blocked-run"
        /// A reconcile run failed (the pull or the apply).
        case failedRun = "failed-run"
        /// Parked membership operations expired without their user arriving.
        case expiredParked = "expired-parked"
        /// A connection has received no push for longer than `report.quietConnectionAfter`.
        case quietConnection = "quiet-connection"
        /// Mail could not be delivered.
        case mailFailed = "mail-failed"
    }

    /// The kind.
    public var kind: Kind
    /// The tenant, if the item is about one.
    public var tenant: String?
    /// The connection id, if the item is about one.
    public var connectionID: String?
    /// The connection name, if the item is about one.
    public var connectionName: String?
    /// One sentence for the admin.
    public var message: String

    /// Creates an item.
    public init(kind: Kind, tenant: String?, connectionID: String?, connectionName: String?, message: String) {
        self.kind = kind
        self.tenant = tenant
        self.connectionID = connectionID
        self.connectionName = connectionName
        self.message = message
    }
}
