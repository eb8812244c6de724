import Core
import Foundation

/// One element of `GET /api/v1/apps/{appId}/users?expand=user` (okta-protocol.md C6), reduced to
/// the fields reconciliation reads. Everything else Okta sends is ignored, never trusted
/// (hardening.md API10).
public struct OktaAppUser: Sendable, Equatable {
    /// The Okta user id (`00u…`): the SCIM `externalId` Okta pushed to us.
    public var id: String
    /// Our SCIM user id as Okta holds it; empty for SSO-only assignments.
    public var externalID: String?
    /// App user status (C5), e.g. `PROVISIONED`, `ACTIVE`, `STAGED`, `DEPROVISIONED`.
    public var status: String
    /// `USER` or `GROUP` assignment.
    public var scope: String?
    /// The app username (`credentials.userName`): our `userName`.
    public var userName: String
    /// `profile.givenName`.
    public var givenName: String?
    /// `profile.familyName`.
    public var familyName: String?
    /// `profile.email`.
    public var email: String?
    /// The embedded Okta user's status (C5), e.g. `ACTIVE`, `SUSPENDED`, `DEPROVISIONED`.
    public var userStatus: String?
    /// The later of the app user's `lastUpdated` and `statusChanged`: when Okta last changed it.
    public var changedAt: Date?

    /// Creates a value.
    public init(
        id: String, externalID: String?, status: String, scope: String? = nil, userName: String,
        givenName: String? = nil, familyName: String? = nil, email: String? = nil, userStatus: String?,
        changedAt: Date? = nil
    ) {
        self.id = id
        self.externalID = externalID
        self.status = status
        self.scope = scope
        self.userName = userName
        self.givenName = givenName
        self.familyName = familyName
        self.email = email
        self.userStatus = userStatus
        self.changedAt = changedAt
    }

    /// Decodes one array element; nil when a required field (`id`, `status`, a user name) is
    /// missing or of the wrong type.
    init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, !id.isEmpty, let status = json["status"]?.stringValue else {
            return nil
        }
        let embedded = json["_embedded"]?["user"]
        guard
            let userName = json["credentials"]?["userName"]?.stringValue
                ?? embedded?["profile"]?["login"]?.stringValue
        else { return nil }
        let externalID = json["externalId"]?.stringValue
        let profile = json["profile"]
        let changed = [json["lastUpdated"]?.stringValue, json["statusChanged"]?.stringValue]
            .compactMap { $0.flatMap(RFC3339.parse) }.max()
        self.init(
            id: id, externalID: externalID?.isEmpty == false ? externalID : nil, status: status,
            scope: json["scope"]?.stringValue, userName: userName,
            givenName: profile?["givenName"]?.stringValue ?? embedded?["profile"]?["firstName"]?.stringValue,
            familyName: profile?["familyName"]?.stringValue ?? embedded?["profile"]?["lastName"]?.stringValue,
            email: profile?["email"]?.stringValue ?? embedded?["profile"]?["email"]?.stringValue,
            userStatus: embedded?["status"]?.stringValue, changedAt: changed)
    }
}
