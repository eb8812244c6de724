import Core

extension PatchEngine {
    /// `add` to a multi-valued attribute (RFC 7644 §3.5.2.1): values are appended unless an
    /// equal value exists; a new `primary: true` value takes primary from the others
    /// (RFC 7643 §2.4).
    func append(_ value: JSONValue, to resolved: ResolvedPath, _ attribute: SCIMAttribute, in editor: inout ResourceEditor)
        throws(SCIMError)
    {
        guard case .array(let additions)? = try ValueNormalizer.normalize(value, as: attribute, at: resolved.topLevelKey)
        else { return }
        var elements = editor.value(at: resolved)?.arrayValue ?? []
        for addition in additions where !elements.contains(addition) {
            if addition["primary"] == .bool(true) { elements = elements.map(Self.clearingPrimary) }
            elements.append(addition)
        }
        editor.store(.array(elements), at: resolved)
    }

    /// `add`/`replace` with a value filter (`emails[type eq "work"]`, `emails[type eq "work"].value`).
    /// Every matching element (or its named sub-attribute) is replaced (RFC 7644 §3.5.2.3). When
    /// nothing matches: with a sub-attribute and a filter made of `eq` terms, a new element is
    /// created from them — Entra's `emails[type eq "work"].value` on a user without a work
    /// email (okta-protocol.md B); `add` without a sub-attribute appends the value; otherwise
    /// 400 `noTarget`.
    func assignFiltered(
        _ op: PatchOperation.Op, _ resolved: ResolvedPath, filter: SCIMFilter, value: JSONValue,
        in editor: inout ResourceEditor
    ) throws(SCIMError) {
        let name = resolved.topLevelKey
        guard let attribute = resolved.attribute, attribute.type == .complex, attribute.multiValued else {
            throw .invalidPath("\(name) is not a multi-valued complex attribute; it cannot take a value filter")
        }
        var elements = editor.value(at: resolved)?.arrayValue ?? []
        let matching = elements.indices.filter { filter.matches(element: elements[$0], of: attribute, kind: kind) }
        if matching.isEmpty {
            var template: [String: JSONValue]
            if let subName = resolved.subName {
                guard let equalities = Self.equalityTemplate(filter) else {
                    throw .noTarget("no value of \(name) matches the filter")
                }
                template = equalities
                template[subName] = value
            } else if op == .add {
                guard case .object(let given) = value else { throw .invalidValue("\(name) values must be objects") }
                template = (Self.equalityTemplate(filter) ?? [:]).merging(given) { _, new in new }
            } else {
                throw .noTarget("no value of \(name) matches the filter")
            }
            guard let element = try ValueNormalizer.normalizeSingle(.object(template), as: attribute, at: name) else { return }
            if element["primary"] == .bool(true) { elements = elements.map(Self.clearingPrimary) }
            elements.append(element)
            editor.store(.array(elements), at: resolved)
            return
        }
        var madePrimary = false
        for index in matching {
            let replacement: JSONValue?
            if let subName = resolved.subName {
                guard let sub = resolved.subAttribute else { continue }  // unknown sub-attribute: ignored
                guard sub.isWritable else { throw .mutability("\(name).\(subName) is read-only") }
                var members = elements[index].objectValue ?? [:]
                ResourceEditor.put(
                    try ValueNormalizer.normalizeSingle(value, as: sub, at: "\(name).\(sub.name)"), named: sub.name,
                    in: &members)
                replacement = members.isEmpty ? nil : .object(members)
            } else {
                replacement = try ValueNormalizer.normalizeSingle(value, as: attribute, at: name)
            }
            elements[index] = replacement ?? .null
            if replacement?["primary"] == .bool(true) { madePrimary = true }
        }
        if madePrimary {
            let touched = Set(matching)
            elements = elements.indices.map { touched.contains($0) ? elements[$0] : Self.clearingPrimary(elements[$0]) }
        }
        elements.removeAll { $0.isNull }
        editor.store(elements.isEmpty ? nil : .array(elements), at: resolved)
    }

    /// `remove` (RFC 7644 §3.5.2.2): with a value filter, the matching elements (or their named
    /// sub-attribute) go — none matching is a no-op, as replays must be idempotent
    /// (okta-protocol.md D4); without one, the attribute, sub-attribute or extension goes.
    func remove(_ resolved: ResolvedPath, filter: SCIMFilter?, from editor: inout ResourceEditor) throws(SCIMError) {
        guard let filter else {
            guard let subName = resolved.subName else {
                editor.store(nil, at: resolved)
                return
            }
            guard let current = editor.value(at: resolved) else { return }
            switch current {
            case .array(let elements):
                let kept = elements.compactMap { Self.removing(subName, from: $0) }
                editor.store(kept.isEmpty ? nil : .array(kept), at: resolved)
            default:
                editor.store(Self.removing(subName, from: current), at: resolved)
            }
            return
        }
        guard let attribute = resolved.attribute, attribute.type == .complex, attribute.multiValued else {
            throw .invalidPath("\(resolved.topLevelKey) is not a multi-valued complex attribute; it cannot take a value filter")
        }
        let elements = editor.value(at: resolved)?.arrayValue ?? []
        var kept: [JSONValue] = []
        for element in elements {
            guard filter.matches(element: element, of: attribute, kind: kind) else {
                kept.append(element)
                continue
            }
            if let subName = resolved.subName, let remaining = Self.removing(subName, from: element) {
                kept.append(remaining)
            }
        }
        editor.store(kept.isEmpty ? nil : .array(kept), at: resolved)
    }

    /// The `attr = value` pairs of a filter made only of `eq` terms joined by `and`.
    static func equalityTemplate(_ filter: SCIMFilter) -> [String: JSONValue]? {
        switch filter {
        case .compare(let path, .eq, let value) where path.schemaURN == nil && path.subAttribute == nil:
            if case .null = value { return nil }
            return [path.name: value.json]
        case .and(let terms):
            var template: [String: JSONValue] = [:]
            for term in terms {
                guard let part = equalityTemplate(term) else { return nil }
                template.merge(part) { _, new in new }
            }
            return template
        default:
            return nil
        }
    }

    /// `element` with `primary` set to false, for when another element becomes primary: at most one may be (RFC 7643
    /// §2.4).
    static func clearingPrimary(_ element: JSONValue) -> JSONValue {
        guard case .object(var members) = element, members["primary"] == .bool(true) else { return element }
        members["primary"] = .bool(false)
        return .object(members)
    }

    private static func removing(_ sub: String, from element: JSONValue) -> JSONValue? {
        guard case .object(var members) = element else { return element }
        for key in members.keys where key.caseInsensitiveEquals(sub) { members[key] = nil }
        return members.isEmpty ? nil : .object(members)
    }
}
