import Core

extension SCIMFilter {
    /// Whether `resource` (a resource object as stored or rendered) matches, with SCIM semantics
    /// (RFC 7644 §3.4.2.2):
    /// - attribute names resolve case-insensitively; URN-qualified paths look inside extensions;
    /// - strings compare case-insensitively unless the attribute is `caseExact` (`id`,
    ///   `externalId`, `members.value`, …); `userName` compares through
    ///   ``UserNameCanonicalizer`` (the same rule as the unique index);
    /// - a multi-valued attribute matches when any of its values does; on a complex multi-valued
    ///   attribute without a sub-attribute (`emails co "@x"`) the `value` sub-attribute is used;
    /// - `dateTime` attributes (`meta.created`, `meta.lastModified`) compare as instants;
    /// - `ne` is the negation of `eq` (an absent attribute is "not equal");
    /// - ordering a boolean never matches (the parser refuses it when it knows the type);
    /// - values of different JSON types never match.
    public func matches(_ resource: JSONValue, kind: SCIMResourceKind) -> Bool {
        guard case .object(let object) = resource else { return false }
        return FilterEvaluator(kind: kind).evaluate(self, object, parent: nil)
    }

    /// Whether one element of the multi-valued complex `attribute` matches (paths are relative to
    /// the element). Used for PATCH value filters such as `emails[type eq "work"]`.
    public func matches(element: JSONValue, of attribute: SCIMAttribute, kind: SCIMResourceKind) -> Bool {
        guard case .object(let object) = element else { return false }
        return FilterEvaluator(kind: kind).evaluate(self, object, parent: attribute)
    }
}

/// The evaluator behind ``SCIMFilter/matches(_:kind:)``. Its recursion follows the filter tree,
/// whose depth the parser bounds.
struct FilterEvaluator {
    /// The resource type whose schema resolves attribute paths.
    let kind: SCIMResourceKind

    /// Whether `object` matches `filter` (RFC 7644 §3.4.2.2); `parent` is set inside a value filter (`emails[type eq
    /// "work"]`).
    func evaluate(_ filter: SCIMFilter, _ object: [String: JSONValue], parent: SCIMAttribute?) -> Bool {
        switch filter {
        case .and(let terms): return terms.allSatisfy { evaluate($0, object, parent: parent) }
        case .or(let terms): return terms.contains { evaluate($0, object, parent: parent) }
        case .not(let inner): return !evaluate(inner, object, parent: parent)
        case .present(let path):
            return values(of: path, in: object, parent: parent).values.contains(where: Self.isPresent)
        case .compare(let path, let op, let literal):
            let (values, definition) = values(of: path, in: object, parent: parent)
            if op == .ne {
                return !values.contains { compare($0, .eq, literal, definition, path) } && !(literal == .null && values.isEmpty)
            }
            if literal == .null && op == .eq && values.allSatisfy({ $0.isNull }) { return true }
            return values.contains { compare($0, op, literal, definition, path) }
        case .valuePath(let path, let inner):
            let resolved = kind.resolve(path)
            guard let attributeValue = Self.lookup(resolved, in: object) else { return false }
            let elements = attributeValue.arrayValue ?? [attributeValue]
            return elements.contains { element in
                guard case .object(let members) = element else { return false }
                return evaluate(inner, members, parent: resolved.attribute)
            }
        }
    }

    /// The values a path designates (arrays flattened) and the definition they follow.
    func values(of path: AttributePath, in object: [String: JSONValue], parent: SCIMAttribute?)
        -> (values: [JSONValue], definition: SCIMAttribute?)
    {
        if let parent {
            let definition = parent.subAttribute(named: path.name)
            guard let value = Self.member(definition?.name ?? path.name, of: object) else { return ([], definition) }
            return (value.arrayValue ?? [value], definition)
        }
        let resolved = kind.resolve(path)
        guard let value = Self.lookup(resolved, in: object) else { return ([], resolved.attribute) }
        let items = value.arrayValue ?? [value]
        if let subName = resolved.subName {
            let found = items.compactMap { item -> JSONValue? in
                guard case .object(let members) = item else { return nil }
                return Self.member(subName, of: members)
            }
            return (found.flatMap { $0.arrayValue ?? [$0] }, resolved.subAttribute)
        }
        if let attribute = resolved.attribute, attribute.type == .complex, attribute.multiValued {
            let found = items.compactMap { item -> JSONValue? in
                guard case .object(let members) = item else { return nil }
                return members["value"]
            }
            return (found, attribute.subAttribute(named: "value"))
        }
        return (items, resolved.attribute)
    }

    /// The attribute value a resolved path names, inside its extension object when it has one.
    static func lookup(_ resolved: ResolvedPath, in object: [String: JSONValue]) -> JSONValue? {
        var scope = object
        if let container = resolved.container {
            guard case .object(let members)? = member(container, of: object) else { return nil }
            if resolved.name.isEmpty { return .object(members) }
            scope = members
        }
        return member(resolved.name, of: scope)
    }

    /// `object[name]`, falling back to a case-insensitive key match (RFC 7643 §2.1).
    static func member(_ name: String, of object: [String: JSONValue]) -> JSONValue? {
        if let exact = object[name] { return exact }
        return object.first { $0.key.caseInsensitiveEquals(name) }?.value
    }

    /// RFC 7644 §3.4.2.2 `pr`: a non-empty value, or a complex value with a non-empty node.
    static func isPresent(_ value: JSONValue) -> Bool {
        switch value {
        case .null: false
        case .string(let text): !text.isEmpty
        case .array(let items): items.contains(where: isPresent)
        case .object(let members): members.values.contains(where: isPresent)
        default: true
        }
    }

    private func compare(
        _ value: JSONValue, _ op: ComparisonOperator, _ literal: FilterValue, _ definition: SCIMAttribute?,
        _ path: AttributePath
    ) -> Bool {
        switch (value, literal) {
        case (.null, .null): return op == .eq
        case (.bool(let lhs), .bool(let rhs)): return op == .eq && lhs == rhs
        case (.number(let lhs), .number(let rhs)): return Self.order(lhs, rhs, op)
        case (.string(let lhs), .string(let rhs)):
            if definition?.type == .dateTime, op != .co, op != .sw, op != .ew,
                let left = RFC3339.parse(lhs), let right = RFC3339.parse(rhs)
            {
                return Self.order(left, right, op)
            }
            if definition?.name == "userName" && definition?.uniqueness == .server {
                guard let left = try? UserNameCanonicalizer.canonicalize(lhs),
                    let right = try? UserNameCanonicalizer.canonicalize(rhs)
                else { return false }
                return Self.compareStrings(left, right, op)
            }
            if definition?.caseExact == true { return Self.compareStrings(lhs, rhs, op) }
            return Self.compareStrings(lhs.lowercased(), rhs.lowercased(), op)
        default:
            return false
        }
    }

    private static func compareStrings(_ lhs: String, _ rhs: String, _ op: ComparisonOperator) -> Bool {
        switch op {
        case .co: lhs.contains(rhs)
        case .sw: lhs.hasPrefix(rhs)
        case .ew: lhs.hasSuffix(rhs)
        default: order(lhs, rhs, op)
        }
    }

    private static func order<T: Comparable>(_ lhs: T, _ rhs: T, _ op: ComparisonOperator) -> Bool {
        switch op {
        case .eq: lhs == rhs
        case .ne: lhs != rhs
        case .gt: lhs > rhs
        case .ge: lhs >= rhs
        case .lt: lhs < rhs
        case .le: lhs <= rhs
        case .co, .sw, .ew: false
        }
    }
}
