import Core

/// Reads and writes attribute values of a normalised resource object by ``ResolvedPath``,
/// creating and pruning extension containers, with the merge rules of RFC 7644 §3.5.2.
struct ResourceEditor {
    /// The resource type.
    let kind: SCIMResourceKind
    /// The resource's attributes.
    var object: [String: JSONValue]

    /// An editor for a `kind` resource with attributes `object`.
    init(kind: SCIMResourceKind, object: [String: JSONValue] = [:]) {
        self.kind = kind
        self.object = object
    }

    /// The value at `resolved` (the whole attribute; sub-attributes are the caller's business).
    func value(at resolved: ResolvedPath) -> JSONValue? { FilterEvaluator.lookup(resolved, in: object) }

    /// Reinterprets a path into an extension no schema here defines as the whole extension
    /// object when `key` names an existing top-level key, or when `wholeIfObject` and `value` is
    /// an object (request bodies nest extension attributes under the URN, RFC 7643 §3.3).
    func wholeUnknownExtension(_ resolved: ResolvedPath, value: JSONValue?, wholeIfObject: Bool) -> ResolvedPath {
        guard let container = resolved.container, resolved.extensionSchema == nil, resolved.subName == nil,
            !resolved.name.isEmpty
        else { return resolved }
        let key = container + ":" + resolved.name
        let exists = object.keys.contains { $0.caseInsensitiveEquals(key) }
        let isObject = value?.objectValue != nil
        guard exists || (wholeIfObject && isObject) else { return resolved }
        return ResolvedPath(container: key, attribute: nil, name: "")
    }

    /// Writes the whole attribute (or whole extension) at `resolved`; nil removes it. Values are
    /// stored as given: callers normalise first.
    mutating func store(_ value: JSONValue?, at resolved: ResolvedPath) {
        guard let container = resolved.container else {
            Self.put(value, named: resolved.name, in: &object)
            return
        }
        let key = object.keys.first { $0.caseInsensitiveEquals(container) } ?? container
        if resolved.name.isEmpty {
            if key != container { object[key] = nil }
            object[container] = value.flatMap { $0.objectValue?.isEmpty == true ? nil : $0 }
            return
        }
        var members = object[key]?.objectValue ?? [:]
        Self.put(value, named: resolved.name, in: &members)
        object[key] = members.isEmpty ? nil : .object(members)
    }

    /// Sets `resolved` from a client value, normalising it. With `merge`, complex values keep the
    /// sub-attributes not given (RFC 7644 §3.5.2.3); without, the value replaces the attribute.
    mutating func set(_ resolved: ResolvedPath, to value: JSONValue, merge: Bool) throws(SCIMError) {
        let path = resolved.topLevelKey
        if resolved.isWholeExtension {
            guard case .object(let members) = value else {
                if value.isNull { store(nil, at: resolved); return }
                throw .invalidValue("\(path) must be an object")
            }
            if !merge { store(nil, at: resolved) }
            guard let schema = resolved.extensionSchema else {
                store(value, at: resolved)
                return
            }
            for (key, member) in members {
                let inner = kind.resolve(AttributePath(schemaURN: schema.id, name: key))
                guard inner.attribute?.isWritable == true else { continue }
                try set(inner, to: member, merge: merge)
            }
            return
        }
        guard let attribute = resolved.attribute else {
            // An attribute of an extension no schema here defines: kept verbatim.
            if let subName = resolved.subName {
                var members = self.value(at: resolved)?.objectValue ?? [:]
                Self.put(value.isNull ? nil : value, named: subName, in: &members)
                store(members.isEmpty ? nil : .object(members), at: resolved)
            } else {
                store(value.isNull ? nil : value, at: resolved)
            }
            return
        }
        if let subName = resolved.subName {
            try setSubAttribute(resolved, attribute, subName, value, path: path)
            return
        }
        if attribute.type == .complex && !attribute.multiValued && merge, !value.isNull {
            var members = self.value(at: resolved)?.objectValue ?? [:]
            let acceptsString = value.stringValue != nil && attribute.subAttribute(named: "value") != nil
            let given: [String: JSONValue] = value.objectValue ?? (acceptsString ? ["value": value] : [:])
            guard value.objectValue != nil || acceptsString else {
                throw .invalidValue("\(path) must be an object, got \(value.typeName)")
            }
            for (key, member) in given {
                guard let sub = attribute.subAttribute(named: key), sub.isWritable else { continue }
                Self.put(try ValueNormalizer.normalizeSingle(member, as: sub, at: "\(path).\(sub.name)"), named: sub.name, in: &members)
            }
            store(members.isEmpty ? nil : .object(members), at: resolved)
            return
        }
        store(try ValueNormalizer.normalize(value, as: attribute, at: path), at: resolved)
    }

    private mutating func setSubAttribute(
        _ resolved: ResolvedPath, _ attribute: SCIMAttribute, _ subName: String, _ value: JSONValue, path: String
    ) throws(SCIMError) {
        guard attribute.type == .complex else { throw .invalidPath("\(path) has no sub-attributes") }
        guard let sub = resolved.subAttribute else { return }  // unknown sub-attribute: ignored
        guard sub.isWritable else { throw .mutability("\(path).\(sub.name) is read-only") }
        let normalized = try ValueNormalizer.normalizeSingle(value, as: sub, at: "\(path).\(sub.name)")
        if attribute.multiValued {
            var elements = self.value(at: resolved)?.arrayValue ?? []
            if elements.isEmpty, let normalized {
                elements = [.object([sub.name: normalized])]
            } else {
                elements = elements.map { element in
                    var members = element.objectValue ?? [:]
                    Self.put(normalized, named: sub.name, in: &members)
                    return .object(members)
                }
            }
            store(elements.isEmpty ? nil : .array(elements), at: resolved)
        } else {
            var members = self.value(at: resolved)?.objectValue ?? [:]
            Self.put(normalized, named: sub.name, in: &members)
            store(members.isEmpty ? nil : .object(members), at: resolved)
        }
    }

    /// Sets `members[name]`, replacing any differently-cased key; nil removes.
    static func put(_ value: JSONValue?, named name: String, in members: inout [String: JSONValue]) {
        // One hash for the common case: the insert (or removal) reports whether `name` was there.
        let previous = value.map { members.updateValue($0, forKey: name) } ?? members.removeValue(forKey: name)
        guard previous == nil else { return }
        for key in members.keys where key != name && key.caseInsensitiveEquals(name) { members[key] = nil }
    }
}
