import Core

/// A validated User from a POST or PUT body (RFC 7644 §3.3, §3.5.1), or re-validated after a
/// PATCH: the normalised attributes to store plus the fields the store indexes.
public struct SCIMUserInput: Sendable, Equatable {
    /// Normalised attributes (canonical names, no `id`/`meta`/`groups`/`password`/`schemas`);
    /// `active` only when the client sent it.
    public let attributes: JSONValue
    /// `attributes` as the JSON text that is stored, serialised once where the input is built
    /// (the request's own thread, or the read side of a PATCH) rather than in the serial writer.
    public let encodedAttributes: String
    /// `userName` exactly as sent (returned as sent, issue 3).
    public var userName: String
    /// The ``UserNameCanonicalizer`` key of `userName` (unique index, filters).
    public var canonicalUserName: String
    /// The client's `externalId` (Okta user id), if any.
    public var externalId: String?
    /// Access (design.md): the value sent, or true when absent — the default for a create only.
    /// A PUT or PATCH result without `active` leaves it unassigned (RFC 7644 §3.5.2.2), which
    /// callers must treat as no access: see ``activeIsAssigned``.
    public var active: Bool
    /// Whether the body carried `active`.
    public var activeIsAssigned: Bool
    /// `displayName`, if any.
    public var displayName: String?
    /// Every `emails[].value`, for the email index.
    public var emailValues: [String]

    /// Validates a request body.
    /// - Throws: 400 `invalidSyntax` (not an object), 400 `invalidValue` (missing or invalid
    ///   `userName`, a wrong type, two primary values).
    public init(json body: JSONValue) throws(SCIMError) {
        let object = try ResourceNormalizer(kind: .user).normalize(body)
        guard let userNameValue = object["userName"] else { throw .invalidValue("userName is required") }
        guard case .string(let userName) = userNameValue else { throw .invalidValue("userName must be a string") }
        do {
            canonicalUserName = try UserNameCanonicalizer.canonicalize(userName)
        } catch {
            throw .invalidValue(error.description)
        }
        self.userName = userName
        activeIsAssigned = object["active"] != nil
        active = object["active"]?.boolValue ?? true
        externalId = object["externalId"]?.stringValue
        displayName = object["displayName"]?.stringValue
        emailValues = object["emails"]?.arrayValue?.compactMap { $0["value"]?.stringValue } ?? []
        attributes = .object(object)
        encodedAttributes = attributes.serializedString()
    }

    /// Parses and validates raw body bytes (JSON limits of ``JSONValue/parse(_:maxDepth:maxBytes:)``).
    /// - Throws: 400 `invalidSyntax` for malformed JSON, else as ``init(json:)``.
    public init(bytes: some Collection<UInt8>, maxBytes: Int = JSONValue.defaultMaxBytes) throws(SCIMError) {
        try self.init(json: SCIMRequestBody.parse(bytes, maxBytes: maxBytes))
    }
}

/// Parsing of request bodies into JSON, mapping parse failures to SCIM errors.
public enum SCIMRequestBody {
    /// Parses `bytes` as JSON (depth ≤ 64).
    /// - Throws: 413 when larger than `maxBytes`; 400 `invalidSyntax` otherwise.
    public static func parse(_ bytes: some Collection<UInt8>, maxBytes: Int = JSONValue.defaultMaxBytes)
        throws(SCIMError) -> JSONValue
    {
        do {
            return try JSONValue.parse(bytes, maxDepth: 64, maxBytes: maxBytes)
        } catch .tooLarge(let limit) {
            throw SCIMError(status: 413, detail: "the request body exceeds \(limit) bytes")
        } catch {
            throw .invalidSyntax("the request body is not valid JSON: \(error)")
        }
    }
}
