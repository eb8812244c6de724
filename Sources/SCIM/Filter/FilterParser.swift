import Core

/// A recursive-descent parser for RFC 7644 §3.4.2.2 filters and §3.5.2 PATCH paths.
///
/// Precedence follows errata 4670: grouping, then attribute operators, then `not`, then `and`,
/// then `or` (`a or b and c` is `a or (b and c)`). Operators, keywords and attribute names are
/// case-insensitive. Literals are JSON (`"…"` with escapes, `true`, `false`, `null`, numbers);
/// a bare word is read as a string because Entra's documentation shows `externalId eq jyoung`
/// (okta-protocol.md B). Recursion happens only at `(`, `not` and `[`, each counted against
/// ``FilterLimits/maxDepth``, so hostile input like `((((…` is a clean 400, never a stack
/// overflow (hardening.md §1.7).
struct FilterParser {
    /// Where a comparison is evaluated: the resource, or one element of a multi-valued attribute.
    enum Scope {
        /// Top level of a resource.
        case resource
        /// Inside `attr[ … ]`; the attribute's definition when known.
        case element(SCIMAttribute?)
    }

    private let tokens: [FilterToken]
    private let kind: SCIMResourceKind?
    private let limits: FilterLimits
    private let errorType: SCIMErrorType
    private var position = 0
    private var depth = 0

    /// Tokenizes `text` and readies a parser for it; `kind` resolves attribute names when known.
    /// - Throws: `errorType` when the text is longer than `limits.maxLength`, empty or not tokenizable.
    init(
        _ text: String, kind: SCIMResourceKind?, limits: FilterLimits, errorType: SCIMErrorType = .invalidFilter
    ) throws(SCIMError) {
        guard text.utf8.count <= limits.maxLength else {
            throw SCIMError(errorType, "the expression is longer than \(limits.maxLength) bytes")
        }
        tokens = try FilterLexer.tokenize(text, errorType: errorType)
        guard !tokens.isEmpty else { throw SCIMError(errorType, "the expression is empty") }
        self.kind = kind
        self.limits = limits
        self.errorType = errorType
    }

    // MARK: - Entry points

    /// A whole filter, and nothing after it.
    mutating func parseFilterExpression() throws(SCIMError) -> SCIMFilter {
        let filter = try parseOr(.resource)
        if position < tokens.count { throw fail("unexpected \(tokens[position].display) after a complete expression") }
        return filter
    }

    /// A PATCH path: `attrPath` or `attrPath[valFilter][.subAttr]`, and nothing after it.
    mutating func parsePatchPath() throws(SCIMError) -> PatchPath {
        guard case .word(let word) = next() else { throw fail("a path must start with an attribute name") }
        guard var path = AttributePath(parsing: word) else { throw fail("'\(word.prefix(80))' is not a valid attribute path") }
        var filter: SCIMFilter?
        if peek() == .leftBracket {
            guard path.subAttribute == nil else { throw fail("a value filter must follow the attribute, not a sub-attribute") }
            position += 1
            filter = try parseBracket(path)
            if case .word(let sub) = peek(), sub.hasPrefix(".") {
                position += 1
                guard AttributePath.isAttributeName(sub.dropFirst()) else {
                    throw fail("'\(sub.prefix(80))' is not a valid sub-attribute")
                }
                path.subAttribute = String(sub.dropFirst())
            }
        }
        if position < tokens.count { throw fail("unexpected \(tokens[position].display) in the path") }
        return PatchPath(attribute: path, valueFilter: filter)
    }

    // MARK: - Grammar

    private mutating func parseOr(_ scope: Scope) throws(SCIMError) -> SCIMFilter {
        var terms = [try parseAnd(scope)]
        while isKeyword("or") {
            position += 1
            terms.append(try parseAnd(scope))
        }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    private mutating func parseAnd(_ scope: Scope) throws(SCIMError) -> SCIMFilter {
        var terms = [try parseNot(scope)]
        while isKeyword("and") {
            position += 1
            terms.append(try parseNot(scope))
        }
        return terms.count == 1 ? terms[0] : .and(terms)
    }

    private mutating func parseNot(_ scope: Scope) throws(SCIMError) -> SCIMFilter {
        guard isKeyword("not") else { return try parseAtom(scope) }
        position += 1
        try enter()
        let inner = try parseNot(scope)
        depth -= 1
        return .not(inner)
    }

    private mutating func parseAtom(_ scope: Scope) throws(SCIMError) -> SCIMFilter {
        guard let token = next() else { throw fail("the filter ends where an expression was expected") }
        switch token {
        case .leftParen:
            try enter()
            let inner = try parseOr(scope)
            guard next() == .rightParen else { throw fail("missing ')'") }
            depth -= 1
            return inner
        case .word(let word):
            guard let path = AttributePath(parsing: word) else {
                throw fail("'\(word.prefix(80))' is not a valid attribute path")
            }
            guard peek() == .leftBracket else { return try parseComparison(path, scope) }
            guard case .resource = scope else { throw fail("value filters cannot be nested") }
            guard path.subAttribute == nil else { throw fail("a value filter must follow the attribute, not a sub-attribute") }
            position += 1
            let inner = try parseBracket(path)
            if case .word(let sub) = peek(), sub.hasPrefix(".") {
                // Entra: `emails[type eq "work"].value eq "x"` ≡ `emails[type eq "work" and value eq "x"]`.
                position += 1
                guard let subPath = AttributePath(parsing: String(sub.dropFirst())), subPath.schemaURN == nil,
                    subPath.subAttribute == nil
                else { throw fail("'\(sub.prefix(80))' is not a valid sub-attribute") }
                let comparison = try parseComparison(subPath, .element(parentDefinition(of: path)))
                if case .and(let terms) = inner { return .valuePath(path, .and(terms + [comparison])) }
                return .valuePath(path, .and([inner, comparison]))
            }
            return .valuePath(path, inner)
        default:
            throw fail("unexpected \(token.display) where an attribute or '(' was expected")
        }
    }

    /// The inside of `attr[ … ]` (the `[` consumed), up to and including `]`.
    private mutating func parseBracket(_ path: AttributePath) throws(SCIMError) -> SCIMFilter {
        let parent = parentDefinition(of: path)
        if let parent, parent.type != .complex {
            throw fail("\(path) is not a complex attribute and cannot take a value filter")
        }
        try enter()
        let inner = try parseOr(.element(parent))
        guard next() == .rightBracket else { throw fail("missing ']'") }
        depth -= 1
        return inner
    }

    private mutating func parseComparison(_ path: AttributePath, _ scope: Scope) throws(SCIMError) -> SCIMFilter {
        guard case .word(let word) = next() else { throw fail("expected an operator after \(path)") }
        let name = word.lowercased()
        if name == "pr" { return .present(path) }
        guard let op = ComparisonOperator(rawValue: name) else {
            throw fail("'\(word.prefix(40))' is not a filter operator (eq ne co sw ew gt ge lt le pr)")
        }
        guard let token = next() else { throw fail("missing a value after '\(word)'") }
        var value: FilterValue
        switch token {
        case .string(let text): value = .string(text)
        case .word(let literal): value = try parseLiteral(literal)
        default: throw fail("expected a value after '\(word)', got \(token.display)")
        }
        try validate(path, op, &value, scope)
        return .compare(path, op, value)
    }

    private func parseLiteral(_ word: String) throws(SCIMError) -> FilterValue {
        switch word.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: break
        }
        guard let first = word.utf8.first else { throw fail("missing value") }
        if first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) {
            guard case .number(let number)? = try? JSONValue.parse(word) else {
                throw fail("'\(word.prefix(40))' is not a valid number")
            }
            return .number(number)
        }
        if isKeyword("and", word) || isKeyword("or", word) || isKeyword("not", word) {
            throw fail("missing a value before '\(word)'")
        }
        return .string(word)
    }

    // MARK: - Type checks (RFC 7644 §3.4.2.2)

    private func validate(
        _ path: AttributePath, _ op: ComparisonOperator, _ value: inout FilterValue, _ scope: Scope
    ) throws(SCIMError) {
        if op.isOrdering, case .bool = value { throw fail("\(op.rawValue) cannot compare booleans") }
        if op.isOrdering || op == .co || op == .sw || op == .ew, case .null = value {
            throw fail("\(op.rawValue) cannot compare with null")
        }
        if op == .co || op == .sw || op == .ew, !(value.isString) {
            throw fail("\(op.rawValue) needs a string value")
        }
        guard let definition = definition(of: path, in: scope) else { return }
        switch definition.type {
        case .boolean:
            if op.isOrdering { throw fail("\(op.rawValue) cannot compare the boolean attribute \(path)") }
            if case .string(let text) = value {  // Entra-style "True"/"False"
                guard let flag = try? ValueNormalizer.boolean(.string(text), at: "") else {
                    throw fail("\(path) is a boolean; '\(text.prefix(40))' is not")
                }
                value = .bool(flag)
            }
        case .binary:
            if op.isOrdering { throw fail("\(op.rawValue) cannot compare the binary attribute \(path)") }
        case .dateTime:
            if case .string(let text) = value, op != .co, op != .sw, op != .ew, RFC3339.parse(text) == nil {
                throw fail("\(path) is a date-time; '\(text.prefix(40))' is not an RFC 3339 date-time")
            }
        case .complex:
            throw fail("\(path) is a complex attribute; compare one of its sub-attributes")
        default:
            break
        }
    }

    /// The definition of the attribute a value filter `path[…]` ranges over.
    private func parentDefinition(of path: AttributePath) -> SCIMAttribute? {
        kind.flatMap { $0.resolve(path).attribute }
    }

    /// The definition a comparison on `path` applies to (for `emails`, its `value`).
    func definition(of path: AttributePath, in scope: Scope) -> SCIMAttribute? {
        switch scope {
        case .element(let parent):
            guard let parent, path.schemaURN == nil, path.subAttribute == nil else { return nil }
            return parent.subAttribute(named: path.name)
        case .resource:
            guard let kind else { return nil }
            let resolved = kind.resolve(path)
            if let sub = resolved.subAttribute { return sub }
            guard resolved.subName == nil, let attribute = resolved.attribute else { return nil }
            if attribute.type == .complex && attribute.multiValued, let value = attribute.subAttribute(named: "value") {
                return value
            }
            return attribute
        }
    }

    // MARK: - Tokens

    private mutating func enter() throws(SCIMError) {
        depth += 1
        guard depth <= limits.maxDepth else { throw fail("the expression nests deeper than \(limits.maxDepth) levels") }
    }

    private mutating func next() -> FilterToken? {
        guard position < tokens.count else { return nil }
        defer { position += 1 }
        return tokens[position]
    }

    private func peek() -> FilterToken? { position < tokens.count ? tokens[position] : nil }

    private func isKeyword(_ keyword: String) -> Bool {
        guard case .word(let word) = peek() else { return false }
        return isKeyword(keyword, word)
    }

    private func isKeyword(_ keyword: String, _ word: String) -> Bool { word.caseInsensitiveEquals(keyword) }

    private func fail(_ detail: String) -> SCIMError {
        SCIMError(errorType, (errorType == .invalidPath ? "invalid path: " : "invalid filter: ") + detail)
    }
}

extension FilterValue {
    /// Whether this is a string literal.
    var isString: Bool {
        if case .string = self { return true }
        return false
    }
}
