import Foundation

/// The nightly report (issue 6): what Roster did per tenant and connection over a window, with
/// what needs an admin first. One model, three renderers (``TextReportRenderer``,
/// ``JSONReportRenderer``, ``HTMLReportRenderer``).
public struct ReportModel: Sendable, Equatable {
    /// When the report was built.
    public var generatedAt: Date
    /// Start of the window (inclusive).
    public var windowStart: Date
    /// End of the window (exclusive).
    public var windowEnd: Date
    /// The "needs your attention" list, most serious first.
    public var attention: [AttentionItem]
    /// Every tenant, by name.
    public var tenants: [TenantReport]

    /// Creates a report.
    public init(generatedAt: Date, windowStart: Date, windowEnd: Date, attention: [AttentionItem], tenants: [TenantReport]) {
        self.generatedAt = generatedAt
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.attention = attention
        self.tenants = tenants
    }
}

/// One tenant's part of the report.
public struct TenantReport: Sendable, Equatable {
    /// The tenant name.
    public var name: String
    /// Its connections, by name.
    public var connections: [ConnectionReport]

    /// Creates a tenant part.
    public init(name: String, connections: [ConnectionReport]) {
        self.name = name
        self.connections = connections
    }

    /// Sum of one figure over the connections.
    public func total(_ figure: (ConnectionReport) -> Int) -> Int { connections.map(figure).reduce(0, +) }
}
