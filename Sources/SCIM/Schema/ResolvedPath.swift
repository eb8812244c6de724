import Core

/// An ``AttributePath`` resolved against a resource type's schemas: where the value lives
/// (top level or inside an extension object), with canonical names and definitions when known.
public struct ResolvedPath: Sendable, Equatable {
    /// The extension object's key (a schema URN), or nil for a top-level attribute.
    public var container: String?
    /// The attribute's definition; nil for attributes no schema defines.
    public var attribute: SCIMAttribute?
    /// The attribute name: canonical when known, else as written. Empty for a whole extension.
    public var name: String
    /// The sub-attribute's definition, when known.
    public var subAttribute: SCIMAttribute?
    /// The sub-attribute name (canonical when known), if the path has one.
    public var subName: String?
    /// The schema definition of the container, when it is a known extension.
    public var extensionSchema: SCIMSchema?

    /// Whether the path names a whole extension object (e.g. the enterprise URN itself).
    public var isWholeExtension: Bool { container != nil && name.isEmpty }

    /// Whether values at this path are kept: a defined attribute, a whole extension, or any
    /// attribute of an extension no schema here defines (kept verbatim). Attributes unknown to a
    /// known schema are not.
    public var isStorable: Bool { attribute != nil || isWholeExtension || (container != nil && extensionSchema == nil) }

    /// A stable name for change tracking: `name`, `urn:name` or the URN.
    public var topLevelKey: String {
        guard let container else { return name }
        return name.isEmpty ? container : container + ":" + name
    }
}

extension SCIMResourceKind {
    /// Resolves `path` case-insensitively (RFC 7643 §2.1) against this type's core schema,
    /// common attributes and extensions. Unknown URNs resolve to a verbatim extension container
    /// (unknown extensions are kept as sent, issue 3).
    public func resolve(_ path: AttributePath) -> ResolvedPath {
        if let urn = path.schemaURN {
            if path.subAttribute == nil, let whole = extensionSchema(urn: urn + ":" + path.name) {
                return ResolvedPath(container: whole.id, attribute: nil, name: "", extensionSchema: whole)
            }
            if urn.caseInsensitiveEquals(coreSchema.id) {
                return resolveTopLevel(AttributePath(name: path.name, subAttribute: path.subAttribute))
            }
            if let schema = extensionSchema(urn: urn) {
                let attribute = schema.attribute(named: path.name)
                return finish(
                    ResolvedPath(
                        container: schema.id, attribute: attribute, name: attribute?.name ?? path.name,
                        extensionSchema: schema),
                    path)
            }
            return finish(ResolvedPath(container: urn, attribute: nil, name: path.name), path)
        }
        return resolveTopLevel(path)
    }

    /// Resolves a key of a request object: an attribute name, a dotted `name.sub` (Entra) or a
    /// URN-qualified path. Returns nil when `key` is not a valid path.
    public func resolve(key: String) -> ResolvedPath? {
        // Nearly every key an IdP sends is a top-level attribute spelled canonically.
        if let known = Self.canonicalTopLevel[self]?[key] { return known }
        if let schema = extensionSchema(urn: key) {
            return ResolvedPath(container: schema.id, attribute: nil, name: "", extensionSchema: schema)
        }
        guard let path = AttributePath(parsing: key) else { return nil }
        return resolve(path)
    }

    /// What ``resolve(key:)`` returns for each top-level attribute name spelled exactly as its
    /// schema does, per type: built once, so the common keys skip path parsing and the schema's
    /// linear, case-insensitive search.
    private static let canonicalTopLevel: [SCIMResourceKind: [String: ResolvedPath]] = Dictionary(
        uniqueKeysWithValues: allCases.map { kind in
            let names = (SCIMSchema.commonAttributes + kind.coreSchema.attributes).map(\.name)
            return (kind, Dictionary(names.map { ($0, kind.resolveTopLevel(AttributePath(name: $0))) }) { first, _ in first })
        })

    private func resolveTopLevel(_ path: AttributePath) -> ResolvedPath {
        let attribute = coreAttribute(named: path.name)
        return finish(ResolvedPath(container: nil, attribute: attribute, name: attribute?.name ?? path.name), path)
    }

    private func finish(_ resolved: ResolvedPath, _ path: AttributePath) -> ResolvedPath {
        var resolved = resolved
        if let sub = path.subAttribute {
            let definition = resolved.attribute?.subAttribute(named: sub)
            resolved.subAttribute = definition
            resolved.subName = definition?.name ?? sub
        }
        return resolved
    }
}
