import Core

/// Turns a POST/PUT body into the normalised attribute object that is stored (RFC 7644 §3.3,
/// §3.5.1): canonical attribute names (RFC 7643 §2.1), checked types, and nothing that must not
/// be kept.
///
/// - `password` (writeOnly, RFC 7643 §4.1.1) is dropped: never stored (okta-protocol.md A3).
/// - readOnly `id`, `meta` and `groups` (RFC 7643 §3.1, §4.1.2) are ignored; Okta's PUT echoes
///   them (okta-protocol.md A4).
/// - `schemas` is checked to be an array of strings and not stored; output recomputes it.
/// - Known extensions (enterprise) are normalised under their canonical URN; extensions no
///   schema here defines are kept verbatim under the URN as sent.
/// - Keys may also be attribute paths (`name.givenName`, `urn:…:User:department`), as in
///   Entra's path-less PATCH values.
/// - Attributes no schema defines (without a URN) are ignored (RFC 7644 §3.3 lets the service
///   provider ignore them; rejecting them has broken whole Entra syncs, hardening.md §1.3).
public struct ResourceNormalizer: Sendable {
    /// The resource type.
    public let kind: SCIMResourceKind

    /// Creates a normalizer for `kind`.
    public init(kind: SCIMResourceKind) { self.kind = kind }

    /// Normalises `body` (a JSON object) into stored attributes.
    /// - Throws: 400 `invalidSyntax` when `body` is not an object, 400 `invalidValue` for type errors.
    public func normalize(_ body: JSONValue) throws(SCIMError) -> [String: JSONValue] {
        guard case .object(let members) = body else { throw .invalidSyntax("the request body must be a JSON object") }
        var editor = ResourceEditor(kind: kind)
        // In key order (deterministic errors), without looking each value up again by its key.
        for (key, value) in members.sorted(by: { $0.key < $1.key }) {
            if key.caseInsensitiveEquals("schemas") {
                guard case .array(let urns) = value, urns.allSatisfy({ $0.stringValue != nil }) else {
                    throw .invalidValue("schemas must be an array of strings")
                }
                continue
            }
            if key.caseInsensitiveEquals(kind.coreSchema.id) {
                // Core attributes nested under the core URN: treat as top-level.
                guard case .object(let nested) = value else { throw .invalidValue("\(key) must be an object") }
                for (nestedKey, nestedValue) in nested {
                    try assign(nestedKey, nestedValue, into: &editor)
                }
                continue
            }
            try assign(key, value, into: &editor)
        }
        return editor.object
    }

    private func assign(_ key: String, _ value: JSONValue, into editor: inout ResourceEditor) throws(SCIMError) {
        guard var resolved = kind.resolve(key: key), resolved.isStorable else { return }
        resolved = editor.wholeUnknownExtension(resolved, value: value, wholeIfObject: true)
        if let attribute = resolved.attribute, !attribute.isWritable || attribute.mutability == .writeOnly { return }
        if resolved.subName != nil, resolved.subAttribute.map({ !$0.isWritable }) ?? false { return }
        try editor.set(resolved, to: value, merge: false)
    }
}
