import Core

/// Type checks and normalisation of attribute values against their definitions, shared by
/// POST/PUT parsing and the PATCH engine.
///
/// - Sub-attribute names are mapped to their canonical casing (RFC 7643 §2.1); sub-attributes no
///   schema defines, and readOnly ones (`manager.displayName`, `members.display`), are dropped.
/// - `null` means "no value" and yields nil (okta-protocol.md A4: empty values are pushed).
/// - Booleans accept Entra's strings `"True"`/`"False"`, any case (okta-protocol.md B).
/// - A multi-valued attribute given one value is wrapped in an array; a complex value given as a
///   string becomes `{"value": …}` (Entra's plain-string `manager`, okta-protocol.md B).
/// - At most one element of a multi-valued attribute may be `primary: true` (RFC 7643 §2.4).
///
/// Every `path` (the attribute's name as error messages show it) is an autoclosure: it is built
/// only when an error is thrown, not for each of the dozens of values a valid request carries.
enum ValueNormalizer {
    /// Normalises `value` for `attribute`; nil when it carries no value.
    static func normalize(_ value: JSONValue, as attribute: SCIMAttribute, at path: @autoclosure () -> String) throws(SCIMError)
        -> JSONValue?
    {
        guard attribute.multiValued else { return try normalizeSingle(value, as: attribute, at: path()) }
        let elements: [JSONValue]
        switch value {
        case .null: return nil
        case .array(let array): elements = array
        default: elements = [value]
        }
        var normalized: [JSONValue] = []
        normalized.reserveCapacity(elements.count)
        for element in elements {
            if case .array = element { throw .invalidValue("\(path()) must not contain nested arrays") }
            if let item = try normalizeSingle(element, as: attribute, at: path()) { normalized.append(item) }
        }
        guard !normalized.isEmpty else { return nil }
        try checkSinglePrimary(normalized, at: path())
        return .array(normalized)
    }

    /// Normalises one (non-array) value.
    static func normalizeSingle(_ value: JSONValue, as attribute: SCIMAttribute, at path: @autoclosure () -> String) throws(SCIMError)
        -> JSONValue?
    {
        if case .null = value { return nil }
        switch attribute.type {
        case .string, .reference, .binary:
            guard case .string = value else { throw mismatch(path(), "a string", value) }
            return value
        case .boolean:
            return .bool(try boolean(value, at: path()))
        case .integer:
            guard case .number(let number) = value, number.rounded(.towardZero) == number else {
                throw mismatch(path(), "an integer", value)
            }
            return value
        case .decimal:
            guard case .number = value else { throw mismatch(path(), "a number", value) }
            return value
        case .dateTime:
            guard case .string(let text) = value, RFC3339.parse(text) != nil else {
                throw mismatch(path(), "an RFC 3339 date-time string", value)
            }
            return value
        case .complex:
            switch value {
            case .object(let members):
                return try normalizeComplex(members, as: attribute, at: path())
            case .string where attribute.subAttribute(named: "value") != nil:
                return .object(["value": value])
            default:
                throw mismatch(path(), "an object", value)
            }
        }
    }

    /// Normalises the members of a complex value; nil when none remains.
    static func normalizeComplex(_ members: [String: JSONValue], as attribute: SCIMAttribute, at path: @autoclosure () -> String)
        throws(SCIMError) -> JSONValue?
    {
        var result: [String: JSONValue] = Dictionary(minimumCapacity: members.count)
        for (key, member) in members {
            guard let sub = attribute.subAttribute(named: key), sub.isWritable else { continue }
            // One hash per member: the insert itself reports a second spelling of the same
            // sub-attribute (`value` and `VALUE`).
            if let normalized = try normalizeSingle(member, as: sub, at: "\(path()).\(sub.name)"),
                result.updateValue(normalized, forKey: sub.name) != nil
            {
                throw .invalidValue("\(path()).\(sub.name) is given twice")
            }
        }
        return result.isEmpty ? nil : .object(result)
    }

    /// Reads a boolean, accepting `"true"`/`"false"` strings in any case (Entra, okta-protocol.md B).
    static func boolean(_ value: JSONValue, at path: @autoclosure () -> String) throws(SCIMError) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .string(let text) where text.caseInsensitiveEquals("true"): return true
        case .string(let text) where text.caseInsensitiveEquals("false"): return false
        default: throw mismatch(path(), "a boolean", value)
        }
    }

    /// RFC 7643 §2.4: the primary attribute value `true` MUST appear no more than once.
    static func checkSinglePrimary(_ elements: [JSONValue], at path: @autoclosure () -> String) throws(SCIMError) {
        var primaries = 0
        for element in elements where element["primary"] == .bool(true) { primaries += 1 }
        if primaries > 1 { throw .invalidValue("\(path()) has \(primaries) values with primary true; at most one is allowed") }
    }

    private static func mismatch(_ path: String, _ expected: String, _ value: JSONValue) -> SCIMError {
        .invalidValue("\(path) must be \(expected), got \(value.typeName)")
    }
}
