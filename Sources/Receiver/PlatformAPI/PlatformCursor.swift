import Core
import Crypto
import Store

/// An opaque pagination / change-feed cursor: base64url of
/// `v1 \n <listing> \n <tenant> \n <scope> \n <position>`.
///
/// It is bound to its tenant and listing (and, for team members, to the team): a cursor of
/// another tenant, listing or team is simply invalid (400 `invalid_cursor`) — it never selects
/// anything of another tenant, whose rows every query excludes anyway by tenant. The position is
/// not secret (a `rowid`, membership id or audit `seq`), so no MAC is needed: forging one only
/// moves within the caller's own tenant. Clients must treat cursors as opaque strings.
struct PlatformCursor: Equatable, Sendable {
    /// Which listing a cursor belongs to.
    enum Listing: String, Sendable {
        case users, teams, members, history, events
    }

    /// The listing.
    let listing: Listing
    /// The tenant.
    let tenant: TenantName
    /// The listing's scope: the team id for members/history, `team:<id>` for a team's users, empty otherwise.
    let scope: String
    /// The position the next page starts after.
    let position: Int64

    /// The encoded cursor.
    var encoded: String {
        Base64URL.encode(Array("v1\n\(listing.rawValue)\n\(tenant.rawValue)\n\(scope)\n\(position)".utf8))
    }

    /// The `next` cursor of a page of `limit` rows: after its last row when the page is full,
    /// nil when it is the last page.
    static func next<Value>(
        after rows: [Positioned<Value>], limit: Int, listing: Listing, tenant: TenantName, scope: String = ""
    ) -> String? {
        guard rows.count == limit, let last = rows.last else { return nil }
        return PlatformCursor(listing: listing, tenant: tenant, scope: scope, position: last.position).encoded
    }

    /// Decodes `text` and checks it belongs to `listing` of `tenant` in `scope`.
    /// - Throws: ``PlatformError/invalidCursor`` for anything else.
    static func decode(_ text: String, listing: Listing, tenant: TenantName, scope: String = "") throws(PlatformError)
        -> PlatformCursor
    {
        guard text.utf8.count <= 512, let bytes = Base64URL.decode(text) else { throw .invalidCursor }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "v1", parts[1] == listing.rawValue, parts[2] == tenant.rawValue,
            parts[3] == scope, let position = Int64(parts[4]), position >= 0
        else { throw .invalidCursor }
        return PlatformCursor(listing: listing, tenant: tenant, scope: scope, position: position)
    }
}
