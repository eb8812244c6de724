import Core

extension SCIMError {
    /// The SCIM Error message schema URN (RFC 7644 §3.12).
    public static let schemaURN = "urn:ietf:params:scim:api:messages:2.0:Error"

    /// The RFC 7644 §3.12 body: `{"schemas":[Error URN],"status":"400","scimType":…,"detail":…}`.
    /// `status` is a JSON *string*, as the RFC's "expressed as a JSON string" requires
    /// (okta-protocol.md D2); `scimType` is omitted when nil.
    public var body: JSONValue {
        var members: [String: JSONValue] = [
            "schemas": .array([.string(Self.schemaURN)]),
            "status": .string(String(status)),
            "detail": .string(detail),
        ]
        if let scimType { members["scimType"] = .string(scimType.rawValue) }
        return .object(members)
    }

    /// ``body`` serialised, ready to send as `application/scim+json`.
    public func serializedBody() -> [UInt8] { body.serialized() }
}
