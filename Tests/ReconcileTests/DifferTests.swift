import Core
import Foundation
import Store
import Testing

@testable import Reconcile

/// The pure diff: the compact comparison of Okta-owned fields, access decisions and member
/// actions, without Okta or a database.
@Suite struct DifferTests {
    let differ = Differ(policy: AccessPolicy(), parkedMaxAge: 3600, now: Date(timeIntervalSince1970: 1_800_000_000))

    func local(
        _ id: String = "scim-1", oktaID: String = "00u1", userName: String = "jane@example.com", given: String? = "Jane",
        family: String? = "Doe", emails: [String] = ["jane@example.com"], active: Bool = true
    ) -> UserSummary {
        UserSummary(
            id: id, externalID: oktaID, userName: userName, userNameCanonical: userName.lowercased(), active: active,
            updatedAt: Date(timeIntervalSince1970: 1_700_000_000), version: 3, givenName: given, familyName: family,
            emails: emails)
    }

    func okta(
        _ id: String = "00u1", externalID: String? = "scim-1", userName: String = "jane@example.com",
        given: String? = "Jane", family: String? = "Doe", email: String? = "jane@example.com", userStatus: String = "ACTIVE"
    ) -> OktaAppUser {
        OktaAppUser(
            id: id, externalID: externalID, status: "ACTIVE", userName: userName, givenName: given, familyName: family,
            email: email, userStatus: userStatus, changedAt: Date(timeIntervalSince1970: 1_750_000_000))
    }

    @Test func equalOktaOwnedFieldsAreNoDrift() {
        #expect(differ.attributeDrift(local(), okta()) == nil)
        // Email case and position among several emails do not matter (the old tree comparison
        // lower-cased both sides and accepted any element).
        #expect(differ.attributeDrift(local(emails: ["home@example.com", "JANE@Example.COM"]), okta()) == nil)
        // A field Okta does not send is not compared.
        #expect(differ.attributeDrift(local(given: nil, family: nil, emails: []), okta(given: nil, family: nil, email: nil)) == nil)
    }

    @Test func everyOktaOwnedFieldIsCompared() {
        #expect(differ.attributeDrift(local(), okta(userName: "JANE@example.com")) == "differs from Okta: userName")
        #expect(differ.attributeDrift(local(), okta(given: "Janet")) == "differs from Okta: name.givenName")
        #expect(differ.attributeDrift(local(), okta(family: "Smith")) == "differs from Okta: name.familyName")
        #expect(differ.attributeDrift(local(), okta(email: "jane@other.example")) == "differs from Okta: emails")
        // Missing locally is drift when Okta sends the field.
        #expect(differ.attributeDrift(local(given: nil), okta()) == "differs from Okta: name.givenName")
        #expect(differ.attributeDrift(local(emails: []), okta()) == "differs from Okta: emails")
        #expect(
            differ.attributeDrift(local(), okta(userName: "j@example.com", given: "J", family: "D", email: "j@example.com"))
                == "differs from Okta: userName, name.givenName, name.familyName, emails")
        // Names compare exactly (case matters), as before.
        #expect(differ.attributeDrift(local(), okta(given: "jane")) == "differs from Okta: name.givenName")
    }

    @Test func sameEmailIgnoresCaseOnly() {
        #expect(Differ.sameEmail("a@x.example", "a@x.example"))
        #expect(Differ.sameEmail("A@X.example", "a@x.EXAMPLE"))
        #expect(Differ.sameEmail("É@x.example", "é@x.example"))
        #expect(!Differ.sameEmail("a@x.example", "b@x.example"))
    }

    @Test func grantsAccessAgreesWithDecideForEveryStatus() {
        let appStatuses = ["STAGED", "PROVISIONED", "ACTIVE", "INACTIVE", "SUSPENDED", "DEPROVISIONED"]
        let userStatuses: [String?] = [
            nil, "STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "LOCKED_OUT", "PASSWORD_EXPIRED", "SUSPENDED",
            "DEPROVISIONED",
        ]
        for policy in [AccessPolicy(suspended: .keep), AccessPolicy(suspended: .revoke)] {
            for status in appStatuses {
                for userStatus in userStatuses {
                    let user = OktaAppUser(id: "00u1", externalID: nil, status: status, userName: "a", userStatus: userStatus)
                    #expect(policy.grantsAccess(user) == policy.decide(user).access)
                }
            }
        }
    }

    @Test func planOverLocalSummaries() {
        let users = [
            local(), local("scim-2", oktaID: "00u2", userName: "bob@example.com", given: "Bob", emails: ["bob@example.com"]),
            local("scim-3", oktaID: "00u3", userName: "gone@example.com", active: false),
            local("scim-4", oktaID: "00u4", userName: "old@example.com"),
        ]
        let team = TeamRecord(
            id: "team-eng", tenant: TenantName(rawValue: "acme")!, connectionID: "c", externalID: nil, displayName: "Eng",
            displayNameCanonical: "eng", createdAt: Date(), updatedAt: Date(), version: 2)
        let state = LocalState(
            users: users, teams: [team], members: ["team-eng": ["scim-1", "scim-4"]], parked: [], auditedUserIDs: ["scim-9"])
        let snapshot = OktaSnapshot(
            appUsers: [
                okta(),  // unchanged
                okta("00u2", externalID: nil, userName: "bob@example.com", given: "Robert", email: "bob@example.com"),
                okta("00u3", externalID: "scim-3", userName: "gone@example.com"),  // reactivated
                okta("00u9", externalID: "scim-9", userName: "lost@example.com"),  // audited, missing: local change
                okta("00u8", externalID: nil, userName: "new@example.com"),
            ],
            pushedGroups: [.init(sourceGroupID: "00gEng", targetGroupID: "team-eng", name: "Eng", memberIDs: ["00u1", "00u2"])])
        let plan = differ.plan(snapshot: snapshot, local: state)
        let summary = plan.map { "\($0.kind.rawValue) \($0.subjectID) \($0.userID ?? "-") \($0.attribution.rawValue)" }
        #expect(summary.count == 7)
        #expect(summary[0] == "update-user scim-2 bob@example.com push-never-arrived")
        #expect(plan[0].reason == "differs from Okta: name.givenName" && plan[0].expectedVersion == 3)
        #expect(summary[1] == "reactivate-user scim-3 gone@example.com push-never-arrived")
        #expect(plan[1].reason == "assigned, app user ACTIVE, user ACTIVE")
        #expect(summary[2] == "provision-user scim-9 lost@example.com local-change")
        #expect(plan[3].kind == .provisionUser && plan[3].attribution == .pushNeverArrived && plan[3].userID == "new@example.com")
        #expect(summary[4] == "deactivate-user scim-4 old@example.com out-of-scope")
        #expect(plan[4].reason == "not assigned to the app in Okta")
        #expect(summary[5] == "add-member team-eng scim-2 push-never-arrived")
        #expect(plan[5].expectedVersion == 2)
        #expect(summary[6] == "remove-member team-eng scim-4 push-never-arrived")
    }
}
