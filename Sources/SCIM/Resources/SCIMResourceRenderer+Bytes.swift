import Core

extension SCIMResourceRenderer {
    /// Writes a User straight into `output`, the fast path of ``renderUser(attributes:id:meta:groups:projection:)``
    /// for the default projection (every SCIM read and write response without `attributes` or
    /// `excludedAttributes`): the stored attribute blob's members are copied as bytes instead of
    /// being parsed into a tree, merged with `schemas`, `id`, `meta`, `active` and `groups`, and
    /// written in the same key order and with the same filtering as the tree renderer (keys in
    /// ascending `String` order; `password`, `schemas`, `id` and `meta` from storage dropped, any
    /// case). The result parses to the same value as the slow path's.
    ///
    /// - Parameters:
    ///   - stored: the stored, normalised attributes, serialised by ``JSONValue/serialized()``.
    ///   - active: the authoritative access flag; it replaces a stored `active`, and is added when
    ///     true (an unassigned `active` stays absent while the user has no access).
    ///   - id: the resource id.
    ///   - meta: created/lastModified/version.
    ///   - groups: the derived memberships; nil or empty leaves `groups` out.
    ///   - output: where the object is appended.
    /// - Returns: false (and `output` untouched) when `stored` is not a JSON object; the caller
    ///   then uses the tree renderer.
    public func writeUser(
        stored: [UInt8], active: Bool, id: String, meta: SCIMMeta, groups: [SCIMGroupReference]?,
        into output: inout [UInt8]
    ) -> Bool {
        guard let members = JSONObjectMembers.scan(stored) else { return false }
        var entries: [(key: String, part: Part)] = []
        entries.reserveCapacity(members.count + 5)
        var extensions: [String] = []
        var storedActive = false
        let derivesGroups = !(groups ?? []).isEmpty
        for member in members {
            let key = member.key
            if key.caseInsensitiveEquals("password") || key.caseInsensitiveEquals("schemas")
                || key.caseInsensitiveEquals("id") || key.caseInsensitiveEquals("meta")
            {
                continue
            }
            if key == "active" {
                storedActive = true
                continue
            }
            if key == "groups", derivesGroups { continue }  // the derived memberships replace it
            if key.hasCaseInsensitivePrefix("urn:"), stored[member.value.lowerBound] == UInt8(ascii: "{") {
                extensions.append(key)
            }
            entries.append((key, .stored(member.value)))
        }
        if active || storedActive { entries.append(("active", .active)) }
        entries.append(("schemas", .schemas))
        entries.append(("id", .id))
        entries.append(("meta", .meta))
        if derivesGroups { entries.append(("groups", .groups)) }
        entries.sort { $0.key < $1.key }
        extensions.sort()

        output.append(UInt8(ascii: "{"))
        for (position, entry) in entries.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            JSONValue.writeString(entry.key, into: &output)
            output.append(UInt8(ascii: ":"))
            switch entry.part {
            case .stored(let range): output.append(contentsOf: stored[range])
            case .active: output.append(contentsOf: active ? "true".utf8 : "false".utf8)
            case .schemas:
                output.append(UInt8(ascii: "["))
                JSONValue.writeString(SCIMResourceKind.user.coreSchema.id, into: &output)
                for urn in extensions {
                    output.append(UInt8(ascii: ","))
                    JSONValue.writeString(urn, into: &output)
                }
                output.append(UInt8(ascii: "]"))
            case .id: JSONValue.writeString(id, into: &output)
            case .meta: writeMeta(.user, id: id, meta: meta, into: &output)
            case .groups: writeGroups(groups ?? [], into: &output)
            }
        }
        output.append(UInt8(ascii: "}"))
        return true
    }

    /// A piece of the rendered object: stored bytes or a server-side attribute.
    private enum Part {
        case stored(Range<Int>)
        case active, schemas, id, meta, groups
    }

    /// `meta`, keys in ascending order like the tree serialiser writes them.
    private func writeMeta(_ kind: SCIMResourceKind, id: String, meta: SCIMMeta, into output: inout [UInt8]) {
        output.append(contentsOf: #"{"created":"#.utf8)
        JSONValue.writeString(RFC3339.format(meta.created), into: &output)
        output.append(contentsOf: #","lastModified":"#.utf8)
        JSONValue.writeString(RFC3339.format(meta.lastModified), into: &output)
        output.append(contentsOf: #","location":"#.utf8)
        JSONValue.writeString(location(of: kind, id: id), into: &output)
        output.append(contentsOf: #","resourceType":"#.utf8)
        JSONValue.writeString(kind.rawValue, into: &output)
        output.append(contentsOf: #","version":"#.utf8)
        JSONValue.writeString(meta.etag, into: &output)
        output.append(UInt8(ascii: "}"))
    }

    /// The derived `groups` (RFC 7643 §4.1.2), each `{"$ref","display","type","value"}`.
    private func writeGroups(_ groups: [SCIMGroupReference], into output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        for (position, group) in groups.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: #"{"$ref":"#.utf8)
            JSONValue.writeString(location(of: .group, id: group.id), into: &output)
            if let display = group.display {
                output.append(contentsOf: #","display":"#.utf8)
                JSONValue.writeString(display, into: &output)
            }
            output.append(contentsOf: #","type":"direct","value":"#.utf8)
            JSONValue.writeString(group.id, into: &output)
            output.append(UInt8(ascii: "}"))
        }
        output.append(UInt8(ascii: "]"))
    }
}
