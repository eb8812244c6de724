import Core
import Store

extension Differ {
    /// A description of attribute drift, or nil when userName, names and email agree.
    ///
    /// Compares the Okta-owned fields in their compact form: the local side comes from
    /// ``UserSummary`` (extracted from the attributes by SQLite), so no attributes tree is built
    /// per user. The rules are the ones a parsed tree gave: a name Okta sends must be a string
    /// equal to the local one (absent or non-string locally is drift), and Okta's email must
    /// equal one of the local `emails[].value`, ignoring case and the order of emails and of
    /// attribute keys.
    func attributeDrift(_ user: UserSummary, _ appUser: OktaAppUser) -> String? {
        var drift: [String] = []
        if user.userName != appUser.userName { drift.append("userName") }
        if let given = appUser.givenName, user.givenName != given { drift.append("name.givenName") }
        if let family = appUser.familyName, user.familyName != family { drift.append("name.familyName") }
        if let email = appUser.email, !user.emails.contains(where: { Self.sameEmail($0, email) }) {
            drift.append("emails")
        }
        return drift.isEmpty ? nil : "differs from Okta: " + drift.joined(separator: ", ")
    }

    /// Whether two email values are equal ignoring case (`lowercased()` on both, as before);
    /// identical bytes, the usual case, skip the two allocations.
    static func sameEmail(_ local: String, _ okta: String) -> Bool {
        local.utf8.elementsEqual(okta.utf8) || local.lowercased() == okta.lowercased()
    }

    /// The user fields a plan action writes, taken from the Okta app user, with `active` as decided by the policy.
    func fields(_ appUser: OktaAppUser, active: Bool) -> PlanAction.UserFields {
        PlanAction.UserFields(
            oktaUserID: appUser.id, userName: appUser.userName, givenName: appUser.givenName,
            familyName: appUser.familyName, email: appUser.email, active: active)
    }
}
