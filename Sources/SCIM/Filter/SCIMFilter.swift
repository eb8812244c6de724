import Core

/// A parsed SCIM filter (RFC 7644 §3.4.2.2). `and`/`or` are n-ary so that long chains do not
/// build deep trees; the tree depth is bounded by the parser's nesting limit.
public indirect enum SCIMFilter: Sendable, Equatable {
    /// `attrPath op value`.
    case compare(AttributePath, ComparisonOperator, FilterValue)
    /// `attrPath pr`.
    case present(AttributePath)
    /// `not (filter)`.
    case not(SCIMFilter)
    /// `a and b and …` (two or more).
    case and([SCIMFilter])
    /// `a or b or …` (two or more).
    case or([SCIMFilter])
    /// `attrPath[valFilter]`: some value of the multi-valued attribute matches the inner filter,
    /// whose paths are relative to the element. `emails[type eq "work"].value eq "x"` (Entra) is
    /// parsed as `emails[type eq "work" and value eq "x"]`.
    case valuePath(AttributePath, SCIMFilter)

    /// Parses `text` (see ``FilterParser``).
    /// - Parameters:
    ///   - text: the filter expression.
    ///   - kind: when given, attribute types are checked (`gt` on a boolean is refused).
    ///   - limits: length and nesting limits.
    /// - Throws: ``SCIMError`` 400 `invalidFilter` with a detail naming the problem.
    public static func parse(
        _ text: String, for kind: SCIMResourceKind? = nil, limits: FilterLimits = FilterLimits()
    ) throws(SCIMError) -> SCIMFilter {
        var parser = try FilterParser(text, kind: kind, limits: limits)
        return try parser.parseFilterExpression()
    }
}

/// The comparison operators of RFC 7644 §3.4.2.2 Table 3 (`pr` is ``SCIMFilter/present(_:)``).
public enum ComparisonOperator: String, Sendable, Equatable, CaseIterable {
    /// Equal.
    case eq
    /// Not equal.
    case ne
    /// Contains (strings).
    case co
    /// Starts with (strings).
    case sw
    /// Ends with (strings).
    case ew
    /// Greater than.
    case gt
    /// Greater than or equal.
    case ge
    /// Less than.
    case lt
    /// Less than or equal.
    case le

    /// Whether this is an ordering comparison (not allowed on booleans, RFC 7644 §3.4.2.2).
    public var isOrdering: Bool { self == .gt || self == .ge || self == .lt || self == .le }
}

/// A comparison value: a JSON literal (RFC 7644 §3.4.2.2 `compValue`).
public enum FilterValue: Sendable, Equatable {
    /// A string (dates are strings too).
    case string(String)
    /// A number.
    case number(Double)
    /// `true` / `false`.
    case bool(Bool)
    /// `null`.
    case null

    /// The literal as a JSON value.
    public var json: JSONValue {
        switch self {
        case .string(let text): .string(text)
        case .number(let number): .number(number)
        case .bool(let flag): .bool(flag)
        case .null: .null
        }
    }
}

/// Limits that keep filter parsing cheap and its recursion shallow (hardening.md §1.7, §4.2).
public struct FilterLimits: Sendable, Equatable {
    /// The longest filter accepted, in UTF-8 bytes.
    public var maxLength: Int
    /// The deepest nesting of parentheses, `not` and `[ ]` accepted.
    public var maxDepth: Int

    /// Creates limits (defaults: 4096 bytes, depth 32).
    public init(maxLength: Int = 4096, maxDepth: Int = 32) {
        self.maxLength = maxLength
        self.maxDepth = maxDepth
    }
}
