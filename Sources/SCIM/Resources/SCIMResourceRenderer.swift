import Core

/// Builds response resources (RFC 7644 §3.3, §3.4.1): stored attributes plus `id`, `schemas`,
/// `meta` and the derived `groups`/`members`, then the `attributes`/`excludedAttributes`
/// projection. `password` is never written, whatever the stored object holds (RFC 7643 §4.1.1).
public struct SCIMResourceRenderer: Sendable {
    /// The connection's SCIM base URL without a trailing slash,
    /// e.g. `https://h/scim/v2/acme/c1`; `meta.location` and `$ref`s are built from it.
    public var baseURL: String

    /// Creates a renderer.
    public init(baseURL: String) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
    }

    /// `baseURL/Users/id` or `baseURL/Groups/id` (the `Location` header and `meta.location`).
    public func location(of kind: SCIMResourceKind, id: String) -> String { baseURL + kind.endpoint + "/" + id }

    /// Renders a User.
    /// - Parameters:
    ///   - attributes: the stored, normalised attributes.
    ///   - id: the resource id.
    ///   - meta: created/lastModified/version.
    ///   - groups: the derived memberships (pass nil when the projection excludes `groups`).
    ///   - projection: `attributes`/`excludedAttributes`.
    public func renderUser(
        attributes: JSONValue, id: String, meta: SCIMMeta, groups: [SCIMGroupReference]? = nil,
        projection: AttributeProjection = .all
    ) -> JSONValue {
        var object = base(.user, attributes, id: id, meta: meta)
        if let groups, !groups.isEmpty {
            object["groups"] = .array(groups.map { group in
                var members: [String: JSONValue] = [
                    "value": .string(group.id), "$ref": .string(location(of: .group, id: group.id)),
                    "type": .string("direct"),
                ]
                if let display = group.display { members["display"] = .string(display) }
                return .object(members)
            })
        }
        return projection.apply(to: .object(object), kind: .user)
    }

    /// Renders a Group; `members` nil leaves the attribute out (e.g. `excludedAttributes=members`).
    public func renderGroup(
        attributes: JSONValue, id: String, meta: SCIMMeta, members: [SCIMMemberReference]? = nil,
        projection: AttributeProjection = .all
    ) -> JSONValue {
        var object = base(.group, attributes, id: id, meta: meta)
        if let members {
            object["members"] = .array(members.map { member in
                var fields: [String: JSONValue] = [
                    "value": .string(member.id), "$ref": .string(location(of: member.type, id: member.id)),
                    "type": .string(member.type.rawValue),
                ]
                if let display = member.display { fields["display"] = .string(display) }
                return .object(fields)
            })
        }
        return projection.apply(to: .object(object), kind: .group)
    }

    private func base(_ kind: SCIMResourceKind, _ attributes: JSONValue, id: String, meta: SCIMMeta)
        -> [String: JSONValue]
    {
        var object = attributes.objectValue ?? [:]
        for key in object.keys
        where key.caseInsensitiveEquals("password") || key.caseInsensitiveEquals("schemas")
            || key.caseInsensitiveEquals("id") || key.caseInsensitiveEquals("meta")
        {
            object[key] = nil
        }
        var schemas: [JSONValue] = [.string(kind.coreSchema.id)]
        for key in object.keys.sorted() where key.hasCaseInsensitivePrefix("urn:") {
            if case .object = object[key] { schemas.append(.string(key)) }
        }
        object["schemas"] = .array(schemas)
        object["id"] = .string(id)
        object["meta"] = .object([
            "resourceType": .string(kind.rawValue),
            "created": .string(RFC3339.format(meta.created)),
            "lastModified": .string(RFC3339.format(meta.lastModified)),
            "location": .string(location(of: kind, id: id)),
            "version": .string(meta.etag),
        ])
        return object
    }
}
