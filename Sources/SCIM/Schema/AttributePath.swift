import Core

/// An attribute reference as written in filters, PATCH paths and `attributes=` lists
/// (RFC 7644 §3.10, `attrPath = [URI ":"] ATTRNAME *1subAttr`): an optional schema URN, an
/// attribute name and an optional sub-attribute. Names keep the client's casing; comparisons
/// are case-insensitive (RFC 7643 §2.1) and ``SCIMResourceKind/resolve(_:)`` maps them to
/// canonical names.
public struct AttributePath: Sendable, Hashable, CustomStringConvertible {
    /// The schema URN prefix, e.g. `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`.
    public var schemaURN: String?
    /// The attribute name, e.g. `name`.
    public var name: String
    /// The sub-attribute, e.g. `givenName`.
    public var subAttribute: String?

    /// Creates a path from its parts (not validated).
    public init(schemaURN: String? = nil, name: String, subAttribute: String? = nil) {
        self.schemaURN = schemaURN
        self.name = name
        self.subAttribute = subAttribute
    }

    /// Parses `[urn:…:]name[.sub]`; nil when the text is not an attribute path. A URN prefix is
    /// everything up to the last `:` (URNs contain dots, as in `2.0`, attribute names cannot).
    public init?(parsing text: String) {
        var rest = Substring(text)
        let isURN = text.hasCaseInsensitivePrefix("urn:")
        if !isURN && !text.utf8.contains(UInt8(ascii: ".")) {
            // A plain attribute name, what nearly every key of a request body is: no split, no copy.
            guard Self.isAttributeName(rest) else { return nil }
            schemaURN = nil
            name = text
            subAttribute = nil
            return
        }
        if isURN {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            let urn = text[..<colon]
            guard urn.count > 4 else { return nil }
            schemaURN = String(urn)
            rest = text[text.index(after: colon)...]
        } else {
            schemaURN = nil
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, parts.allSatisfy(Self.isAttributeName) else { return nil }
        name = String(parts[0])
        subAttribute = parts.count == 2 ? String(parts[1]) : nil
    }

    /// `ATTRNAME = ALPHA *(nameChar)` (RFC 7643 §2.1), plus `$ref`.
    static func isAttributeName(_ text: Substring) -> Bool {
        guard let first = text.utf8.first else { return false }
        let isAlpha: (UInt8) -> Bool = { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
        guard isAlpha(first) || (first == UInt8(ascii: "$") && text.utf8.count > 1) else { return false }
        return text.utf8.dropFirst().allSatisfy { byte in
            isAlpha(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    /// The path as text: `urn:…:name.sub`.
    public var description: String {
        (schemaURN.map { $0 + ":" } ?? "") + name + (subAttribute.map { "." + $0 } ?? "")
    }
}
