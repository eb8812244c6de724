/// A tenant's name: a URL slug that appears in every path of that tenant
/// (`/scim/v2/{tenant}/…`, `/api/v1/tenants/{tenant}/…`).
///
/// Rules: 1–63 characters, lowercase ASCII letters, digits and `-`, starting with a letter or
/// digit and not ending with `-`. Underscores are excluded because Okta refuses SCIM base URLs
/// containing `_` (okta-protocol.md §A1).
public struct TenantName: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The validated slug.
    public let rawValue: String

    /// Validates `rawValue`; returns nil when it is not a valid slug.
    public init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// Validates `text` or throws ``DomainError/invalidTenantName(_:)`` with the reason.
    public static func parse(_ text: String) throws(DomainError) -> TenantName {
        guard let name = TenantName(rawValue: text) else { throw .invalidTenantName(text) }
        return name
    }

    /// The slug itself.
    public var description: String { rawValue }

    /// Orders tenants by name, for stable listings.
    public static func < (lhs: TenantName, rhs: TenantName) -> Bool { lhs.rawValue < rhs.rawValue }

    private static func isValid(_ text: String) -> Bool {
        let bytes = text.utf8  // scanned in place: every request validates its tenant
        guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-")
        else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }
}
