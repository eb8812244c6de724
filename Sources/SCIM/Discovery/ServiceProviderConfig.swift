import Core

/// The `/ServiceProviderConfig` document (RFC 7643 §5; RFC 7644 §4), describing what Roster
/// really supports: PATCH yes, bulk no (`/Bulk` answers 501), filter with `maxResults`,
/// no password change, sort and ETags yes, OAuth bearer tokens (okta-protocol.md D6).
public struct ServiceProviderConfig: Sendable, Equatable {
    /// The largest page a query returns (`filter.maxResults`).
    public var maxResults: Int

    /// Creates the document description.
    public init(maxResults: Int = 200) { self.maxResults = maxResults }

    /// The document, with `meta.location` = `baseURL/ServiceProviderConfig`.
    public func json(baseURL: String) -> JSONValue {
        .object([
            "schemas": .array([.string(SCIMURN.serviceProviderConfig)]),
            "documentationUri": .string("https://www.rfc-editor.org/rfc/rfc7644"),
            "patch": .object(["supported": .bool(true)]),
            "bulk": .object(["supported": .bool(false), "maxOperations": .number(0), "maxPayloadSize": .number(0)]),
            "filter": .object(["supported": .bool(true), "maxResults": .number(Double(maxResults))]),
            "changePassword": .object(["supported": .bool(false)]),
            "sort": .object(["supported": .bool(true)]),
            "etag": .object(["supported": .bool(true)]),
            "authenticationSchemes": .array([
                .object([
                    "type": .string("oauthbearertoken"),
                    "name": .string("OAuth Bearer Token"),
                    "description": .string("Authentication with the connection's bearer token in the Authorization header"),
                    "specUri": .string("https://www.rfc-editor.org/rfc/rfc6750"),
                    "primary": .bool(true),
                ])
            ]),
            "meta": .object([
                "resourceType": .string("ServiceProviderConfig"),
                "location": .string(DiscoveryURL.join(baseURL, "/ServiceProviderConfig")),
            ]),
        ])
    }
}

/// URL joining for discovery documents.
enum DiscoveryURL {
    /// Joins `base` (trailing slashes dropped) and `path`, which starts with `/`.
    static func join(_ base: String, _ path: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }
}
