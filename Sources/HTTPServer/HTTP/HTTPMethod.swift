// SPDX-License-Identifier: MIT

/// An HTTP request method (RFC 9110 §9).
///
/// An open struct rather than an enum: any syntactically valid token is a method (RFC 9110 §9.1),
/// and the router answers unknown ones with 404/405 instead of the parser rejecting them.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The method token exactly as received; methods are case-sensitive (RFC 9110 §9.1).
    public let rawValue: String

    /// Creates a method from its token.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a method from its token.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// The method token.
    public var description: String { rawValue }

    /// `GET` (RFC 9110 §9.3.1).
    public static let get = HTTPMethod("GET")
    /// `POST` (RFC 9110 §9.3.3).
    public static let post = HTTPMethod("POST")
    /// `PUT` (RFC 9110 §9.3.4).
    public static let put = HTTPMethod("PUT")
    /// `PATCH` (RFC 5789).
    public static let patch = HTTPMethod("PATCH")
    /// `DELETE` (RFC 9110 §9.3.5).
    public static let delete = HTTPMethod("DELETE")
    /// `HEAD` (RFC 9110 §9.3.2): like GET, but the response carries no content.
    public static let head = HTTPMethod("HEAD")
    /// `OPTIONS` (RFC 9110 §9.3.7).
    public static let options = HTTPMethod("OPTIONS")
}
