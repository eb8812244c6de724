// SPDX-License-Identifier: MIT

/// Values captured by `:name` segments of a route pattern, percent-decoded.
public struct RouteParameters: Sendable {
    /// Captured `(name, value)` pairs in pattern order.
    public private(set) var pairs: [(name: String, value: String)]

    /// Creates parameters from pairs.
    public init(_ pairs: [(name: String, value: String)] = []) { self.pairs = pairs }

    /// The value captured for `name`.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }
}
