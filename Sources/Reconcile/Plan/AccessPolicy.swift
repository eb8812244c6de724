/// Who should have access, from Okta's statuses: the policy of okta-protocol.md C5.
///
/// Access iff the user is assigned (in the app-user list), the app user is `PROVISIONED` or
/// `ACTIVE`, and the Okta user is `ACTIVE`, `PROVISIONED`, `RECOVERY`, `PASSWORD_EXPIRED` or
/// `LOCKED_OUT`. A `SUSPENDED` Okta user keeps the assignment and Okta sends no deprovision
/// (A5), so what happens to them is the admin's choice: ``SuspendedPolicy``.
public struct AccessPolicy: Sendable, Equatable {
    /// What a SUSPENDED Okta user gets (config `reconcile.suspendedUsers`).
    public enum SuspendedPolicy: String, Sendable, Equatable, CaseIterable {
        /// Match Okta: keep access (the default; Okta itself leaves the target account active).
        case keep
        /// Stricter: a suspended user loses access until unsuspended.
        case revoke
    }

    /// The SUSPENDED choice.
    public var suspended: SuspendedPolicy

    /// A policy with the given SUSPENDED choice.
    public init(suspended: SuspendedPolicy = .keep) {
        self.suspended = suspended
    }

    /// App-user statuses that grant access (okta-protocol.md C5).
    static let activeAppUserStatuses: Set<String> = ["PROVISIONED", "ACTIVE"]
    /// Okta user statuses that grant access (okta-protocol.md C5); `SUSPENDED` is handled by ``suspended``.
    static let activeUserStatuses: Set<String> = ["ACTIVE", "PROVISIONED", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT"]

    /// Whether `appUser` should have access: ``decide(_:)``'s verdict without building its
    /// reason, for the diff's hot loop (the reason is only needed when an action is planned).
    public func grantsAccess(_ appUser: OktaAppUser) -> Bool {
        guard Self.activeAppUserStatuses.contains(appUser.status), let status = appUser.userStatus else { return false }
        return Self.activeUserStatuses.contains(status) || (status == "SUSPENDED" && suspended == .keep)
    }

    /// Whether `appUser` should have access, and why not when not.
    public func decide(_ appUser: OktaAppUser) -> (access: Bool, reason: String) {
        guard Self.activeAppUserStatuses.contains(appUser.status) else {
            return (false, "app user status \(appUser.status)")
        }
        guard let status = appUser.userStatus else { return (false, "Okta user status missing") }
        if Self.activeUserStatuses.contains(status) { return (true, "assigned, app user \(appUser.status), user \(status)") }
        if status == "SUSPENDED" {
            return suspended == .keep
                ? (true, "Okta user SUSPENDED (policy: keep)") : (false, "Okta user SUSPENDED (policy: revoke)")
        }
        return (false, "Okta user status \(status)")
    }
}
