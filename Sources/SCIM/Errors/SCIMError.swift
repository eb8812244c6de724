/// A SCIM protocol error (RFC 7644 §3.12): an HTTP status, an optional `scimType` keyword and a
/// human-readable `detail`. Every failure of this module is one of these, so the HTTP layer can
/// render it with ``body`` and never needs to guess a status.
///
/// `detail` must never contain secrets (passwords, tokens); details quote at most short
/// fragments of the offending input.
public struct SCIMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status code (400, 401, 403, 404, 409, 412, 413, 500, 501, …).
    public var status: Int
    /// The RFC 7644 §3.12 keyword, for 400/409/403 errors that have one.
    public var scimType: SCIMErrorType?
    /// What went wrong, for the client's operator.
    public var detail: String

    /// Creates an error.
    /// - Parameters:
    ///   - status: the HTTP status code.
    ///   - scimType: the keyword, if any.
    ///   - detail: the explanation.
    public init(status: Int, scimType: SCIMErrorType? = nil, detail: String) {
        self.status = status
        self.scimType = scimType
        self.detail = detail
    }

    /// Creates an error with the status RFC 7644 §3.12 assigns to `scimType`.
    public init(_ scimType: SCIMErrorType, _ detail: String) {
        self.init(status: scimType.defaultStatus, scimType: scimType, detail: detail)
    }

    /// `status scimType: detail`, for logs.
    public var description: String {
        "\(status)\(scimType.map { " \($0.rawValue)" } ?? ""): \(detail)"
    }
}
