/// A PATCH operation path (RFC 7644 §3.5.2, `PATH = attrPath / valuePath [subAttr]`):
/// `name.givenName`, `members[value eq "x"]`, `emails[type eq "work"].value`,
/// `urn:…:enterprise:2.0:User:department`.
public struct PatchPath: Sendable, Equatable, CustomStringConvertible {
    /// The attribute, with the sub-attribute that follows a value filter folded in
    /// (`emails[type eq "work"].value` → `emails.value`).
    public var attribute: AttributePath
    /// The value selection filter, relative to one element.
    public var valueFilter: SCIMFilter?

    /// Creates a path.
    public init(attribute: AttributePath, valueFilter: SCIMFilter? = nil) {
        self.attribute = attribute
        self.valueFilter = valueFilter
    }

    /// Parses a path; any grammar error is 400 `invalidPath`.
    /// - Parameters:
    ///   - text: the `path` member of a PATCH operation.
    ///   - kind: the resource type, to type-check a value filter.
    public static func parse(_ text: String, for kind: SCIMResourceKind? = nil) throws(SCIMError) -> PatchPath {
        var parser = try FilterParser(text, kind: kind, limits: FilterLimits(maxLength: 1024, maxDepth: 8), errorType: .invalidPath)
        return try parser.parsePatchPath()
    }

    /// The path as text (the filter is shown as `[…]`).
    public var description: String {
        guard valueFilter != nil else { return attribute.description }
        var base = attribute
        let sub = base.subAttribute
        base.subAttribute = nil
        return base.description + "[…]" + (sub.map { "." + $0 } ?? "")
    }
}
