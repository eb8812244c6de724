import Core
import Foundation

/// The `attributes` / `excludedAttributes` query parameters (RFC 7644 §3.4.2.5, §3.9): which
/// attributes a response carries. Attributes with `returned: always` — `id`, `schemas` and
/// `meta.resourceType` — survive every projection; `password` (`returned: never`) is always
/// removed. Paths may name sub-attributes (`name.givenName`, `emails.value`) and may be
/// URN-qualified (`urn:…:enterprise:2.0:User:department`, or the extension URN itself).
public struct AttributeProjection: Sendable, Equatable {
    private enum Mode: Equatable {
        case all
        case include([AttributePath])
        case exclude([AttributePath])
    }

    private let mode: Mode

    /// Every default attribute.
    public static let all = AttributeProjection(mode: .all)

    private init(mode: Mode) { self.mode = mode }

    /// Parses the comma-separated query values. When both are given, `attributes` wins.
    /// - Throws: 400 `invalidValue` for an entry that is not an attribute path.
    public init(attributes: String? = nil, excludedAttributes: String? = nil) throws(SCIMError) {
        if let attributes, let paths = try Self.parseList(attributes, "attributes") {
            mode = .include(paths)
        } else if let excludedAttributes, let paths = try Self.parseList(excludedAttributes, "excludedAttributes") {
            mode = .exclude(paths)
        } else {
            mode = .all
        }
    }

    private static func parseList(_ text: String, _ parameter: String) throws(SCIMError) -> [AttributePath]? {
        var paths: [AttributePath] = []
        for item in text.split(separator: ",") {
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard let path = AttributePath(parsing: trimmed) else {
                throw .invalidValue("\(parameter): '\(trimmed.prefix(80))' is not an attribute path")
            }
            paths.append(path)
        }
        return paths.isEmpty ? nil : paths
    }

    /// Whether the top-level attribute `name` (e.g. `members`, `groups`) appears in responses,
    /// so the store can skip loading it (issue 3: `excludedAttributes=members`).
    public func isReturned(_ name: String, kind: SCIMResourceKind) -> Bool {
        switch mode {
        case .all: return true
        case .include(let paths):
            return paths.contains { path in
                let resolved = kind.resolve(path)
                return resolved.container == nil && resolved.name.caseInsensitiveEquals(name)
            }
        case .exclude(let paths):
            return !paths.contains { path in
                let resolved = kind.resolve(path)
                return resolved.container == nil && resolved.subName == nil && resolved.name.caseInsensitiveEquals(name)
            }
        }
    }

    /// Applies the projection to a rendered resource.
    public func apply(to resource: JSONValue, kind: SCIMResourceKind) -> JSONValue {
        guard case .object(var object) = resource else { return resource }
        for key in object.keys where key.caseInsensitiveEquals("password") { object[key] = nil }
        switch mode {
        case .all:
            return .object(object)
        case .include(let paths):
            var result: [String: JSONValue] = [:]
            for key in ["id", "schemas"] { result[key] = object[key] }
            if let resourceType = object["meta"]?["resourceType"] { result["meta"] = .object(["resourceType": resourceType]) }
            for path in paths {
                let resolved = kind.resolve(path)
                let source = ResourceEditor(kind: kind, object: object)
                var target = ResourceEditor(kind: kind, object: result)
                guard let value = source.value(at: resolved) else { continue }
                if let subName = resolved.subName {
                    let existing = target.value(at: resolved)
                    target.store(Self.merge(existing, Self.keep(subName, of: value)), at: resolved)
                } else {
                    target.store(value, at: resolved)
                }
                result = target.object
            }
            return .object(Self.prunedSchemas(result, kind: kind))
        case .exclude(let paths):
            var editor = ResourceEditor(kind: kind, object: object)
            for path in paths {
                let resolved = kind.resolve(path)
                if resolved.container == nil, resolved.subName == nil,
                    resolved.name.caseInsensitiveEquals("id") || resolved.name.caseInsensitiveEquals("schemas")
                {
                    continue
                }
                guard let value = editor.value(at: resolved) else { continue }
                if let subName = resolved.subName {
                    editor.store(Self.drop(subName, of: value), at: resolved)
                } else if resolved.container == nil, resolved.name.caseInsensitiveEquals("meta") {
                    editor.store(value["resourceType"].map { .object(["resourceType": $0]) }, at: resolved)
                } else {
                    editor.store(nil, at: resolved)
                }
            }
            return .object(Self.prunedSchemas(editor.object, kind: kind))
        }
    }

    /// Keeps in `schemas` the core URN and only the extension URNs still present (RFC 7643 §3).
    private static func prunedSchemas(_ object: [String: JSONValue], kind: SCIMResourceKind) -> [String: JSONValue] {
        guard case .array(let urns)? = object["schemas"] else { return object }
        var result = object
        result["schemas"] = .array(urns.filter { urn in
            guard let text = urn.stringValue else { return false }
            return text.caseInsensitiveEquals(kind.coreSchema.id) || object.keys.contains { $0.caseInsensitiveEquals(text) }
        })
        return result
    }

    private static func keep(_ sub: String, of value: JSONValue) -> JSONValue? {
        switch value {
        case .object(let members):
            return FilterEvaluator.member(sub, of: members).map { found in
                let key = members.keys.first { $0.caseInsensitiveEquals(sub) } ?? sub
                return .object([key: found])
            }
        case .array(let elements):
            let kept = elements.compactMap { keep(sub, of: $0) }
            return kept.isEmpty ? nil : .array(kept)
        default:
            return nil
        }
    }

    private static func drop(_ sub: String, of value: JSONValue) -> JSONValue? {
        switch value {
        case .object(var members):
            for key in members.keys where key.caseInsensitiveEquals(sub) { members[key] = nil }
            return members.isEmpty ? nil : .object(members)
        case .array(let elements):
            let kept = elements.compactMap { drop(sub, of: $0) }
            return kept.isEmpty ? nil : .array(kept)
        default:
            return value
        }
    }

    private static func merge(_ existing: JSONValue?, _ addition: JSONValue?) -> JSONValue? {
        guard let existing else { return addition }
        guard let addition else { return existing }
        switch (existing, addition) {
        case (.object(var left), .object(let right)):
            left.merge(right) { _, new in new }
            return .object(left)
        case (.array(let left), .array(let right)) where left.count == right.count:
            return .array(zip(left, right).map { merge($0, $1) ?? .null })
        default:
            return addition
        }
    }
}
