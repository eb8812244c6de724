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

    /// Serialises a page whose resources are written by `writeResource(index, &output)` for
    /// `0..<count`, straight into the body: the same bytes as ``json`` serialised (keys in
    /// ascending order), without building the resources as trees first.
    public static func write(
        totalResults: Int, startIndex: Int, count: Int,
        writeResource: (Int, inout [UInt8]) throws -> Void
    ) rethrows -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(200 + count * 600)
        output.append(contentsOf: #"{"Resources":["#.utf8)
        for index in 0..<count {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            try writeResource(index, &output)
        }
        output.append(contentsOf: #"],"itemsPerPage":"#.utf8)
        output.append(contentsOf: String(count).utf8)
        output.append(contentsOf: #","schemas":["#.utf8)
        JSONValue.writeString(SCIMURN.listResponse, into: &output)
        output.append(contentsOf: #"],"startIndex":"#.utf8)
        output.append(contentsOf: String(startIndex).utf8)
        output.append(contentsOf: #","totalResults":"#.utf8)
        output.append(contentsOf: String(totalResults).utf8)
        output.append(UInt8(ascii: "}"))
        return output
    }
}
