import Core
import Foundation

/// One answered SCIM push request, as counted for the nightly report: where it went, what it
/// was answered and how long it took. Never holds a body, a path beyond the connection, or an
/// identifier of a person.
public struct PushTrafficSample: Sendable, Equatable {
    /// The tenant of the path.
    public var tenant: String
    /// The connection of the path.
    public var connectionID: String
    /// When the request was answered.
    public var time: Date
    /// The HTTP status answered.
    public var status: Int
    /// The SCIM `scimType` of an error answer (RFC 7644 §3.12), if any.
    public var scimType: String?
    /// Time from the handler's start to the response.
    public var latency: Duration

    /// Creates a sample.
    public init(tenant: String, connectionID: String, time: Date, status: Int, scimType: String?, latency: Duration) {
        self.tenant = tenant
        self.connectionID = connectionID
        self.time = time
        self.status = status
        self.scimType = scimType
        self.latency = latency
    }
}
