import Core

/// A validated Group from a POST or PUT body (RFC 7644 §3.3, §3.5.1). `members` are split off
/// as ids: memberships live in their own table, not in the group document (teams can have
/// 100,000 members, issue 3).
public struct SCIMGroupInput: Sendable, Equatable {
    /// Normalised attributes without `members` (and without `id`/`meta`/`schemas`).
    public var attributes: JSONValue
    /// `displayName` as sent.
    public var displayName: String
    /// `externalId`, if any.
    public var externalId: String?
    /// Member ids (`members[].value`) in request order, without duplicates; `display`, `$ref`
    /// and `type` are accepted and ignored (okta-protocol.md A7, B).
    public var memberIDs: [String]

    /// Validates a request body.
    /// - Throws: 400 `invalidSyntax` (not an object) or `invalidValue` (missing `displayName`,
    ///   a member without a string `value`, wrong types).
    public init(json body: JSONValue) throws(SCIMError) {
        var object = try ResourceNormalizer(kind: .group).normalize(body)
        guard case .string(let displayName)? = object["displayName"] else {
            throw .invalidValue("displayName is required and must be a string")
        }
        guard !displayName.isEmpty else { throw .invalidValue("displayName must not be empty") }
        self.displayName = displayName
        externalId = object["externalId"]?.stringValue
        // Ids come from the raw body: normalisation drops readOnly `display`, which would hide a
        // member object that has no `value`.
        let rawMembers = body.objectValue.flatMap { FilterEvaluator.member("members", of: $0) } ?? .null
        memberIDs = try MemberIDs.extract(rawMembers, at: "members")
        object["members"] = nil
        attributes = .object(object)
    }

    /// Parses and validates raw body bytes.
    public init(bytes: some Collection<UInt8>, maxBytes: Int = JSONValue.defaultMaxBytes) throws(SCIMError) {
        try self.init(json: SCIMRequestBody.parse(bytes, maxBytes: maxBytes))
    }
}

/// Reading member ids out of `members` values (RFC 7643 §4.2 `members.value`).
enum MemberIDs {
    /// The `value`s of an array of member objects (or of one object), deduplicated in order.
    /// Plain strings are accepted as ids. `null` is the empty list.
    static func extract(_ value: JSONValue, at path: String) throws(SCIMError) -> [String] {
        let elements: [JSONValue]
        switch value {
        case .null: return []
        case .array(let array): elements = array
        default: elements = [value]
        }
        var seen = Set<String>()
        var ids: [String] = []
        ids.reserveCapacity(elements.count)
        for element in elements {
            let id: String
            switch element {
            case .string(let text): id = text
            case .object(let members):
                guard case .string(let text)? = FilterEvaluator.member("value", of: members) else {
                    throw .invalidValue("each of \(path) needs a string value")
                }
                id = text
            case .null: continue
            default: throw .invalidValue("\(path) must contain objects with a value, got \(element.typeName)")
            }
            guard !id.isEmpty else { throw .invalidValue("\(path) contains an empty value") }
            if seen.insert(id).inserted { ids.append(id) }
        }
        return ids
    }
}
