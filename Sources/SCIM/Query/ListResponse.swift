import Core

/// The query response message (RFC 7644 §3.4.2): always 200 with this body, even with zero
/// results (okta-protocol.md A3, B). `totalResults`, `startIndex` and `itemsPerPage` are JSON
/// integers (okta-protocol.md A3).
public struct ListResponse: Sendable, Equatable {
    /// The total number of matches, across all pages.
    public var totalResults: Int
    /// The 1-based index of the first resource on this page.
    public var startIndex: Int
    /// This page's resources, already rendered and projected.
    public var resources: [JSONValue]

    /// Creates a page.
    public init(totalResults: Int, startIndex: Int, resources: [JSONValue]) {
        self.totalResults = totalResults
        self.startIndex = startIndex
        self.resources = resources
    }

    /// `{"schemas":[ListResponse URN],"totalResults":…,"startIndex":…,"itemsPerPage":…,"Resources":[…]}`.
    public var json: JSONValue {
        .object([
            "schemas": .array([.string(SCIMURN.listResponse)]),
            "totalResults": .number(Double(totalResults)),
            "startIndex": .number(Double(startIndex)),
            "itemsPerPage": .number(Double(resources.count)),
            "Resources": .array(resources),
        ])
    }
}
