import Core

/// A schema definition (RFC 7643 §7): its URN `id`, a name and its attributes. Immutable and
/// shared, like ``SCIMAttribute``.
public final class SCIMSchema: Sendable, Equatable {
    /// The schema URN, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`.
    public let id: String
    /// A short name, e.g. `User`.
    public let name: String
    /// A human-readable description.
    public let description: String
    /// The attributes, in document order.
    public let attributes: [SCIMAttribute]

    /// Creates a schema.
    public init(id: String, name: String, description: String, attributes: [SCIMAttribute]) {
        self.id = id
        self.name = name
        self.description = description
        self.attributes = attributes
    }

    /// The attribute named `name`, compared case-insensitively (RFC 7643 §2.1).
    public func attribute(named name: String) -> SCIMAttribute? {
        attributes.attribute(named: name)
    }

    /// Schemas are equal when every field is (the same object trivially so).
    public static func == (lhs: SCIMSchema, rhs: SCIMSchema) -> Bool {
        lhs === rhs
            || (lhs.id == rhs.id && lhs.name == rhs.name && lhs.description == rhs.description
                && lhs.attributes == rhs.attributes)
    }
}

/// The URNs this module speaks (RFC 7643 §3, §4, §8.7; RFC 7644 §3.5.2, §3.12, §3.4.2).
public enum SCIMURN {
    /// Core User schema.
    public static let user = "urn:ietf:params:scim:schemas:core:2.0:User"
    /// Core Group schema.
    public static let group = "urn:ietf:params:scim:schemas:core:2.0:Group"
    /// Enterprise User extension.
    public static let enterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    /// PATCH request message.
    public static let patchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    /// List response message.
    public static let listResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    /// Error message.
    public static let error = "urn:ietf:params:scim:api:messages:2.0:Error"
    /// ServiceProviderConfig schema.
    public static let serviceProviderConfig = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
    /// ResourceType schema.
    public static let resourceType = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
    /// Schema schema.
    public static let schema = "urn:ietf:params:scim:schemas:core:2.0:Schema"
}
