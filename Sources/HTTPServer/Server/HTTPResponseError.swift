// SPDX-License-Identifier: MIT

/// An error that knows which HTTP response it becomes (style.md §8.4, after Hummingbird).
///
/// ``Router`` renders a thrown `HTTPResponseError` with ``response()``; any other error becomes an
/// opaque 500 so internal details never leak to clients.
public protocol HTTPResponseError: Error {
    /// The status this error maps to.
    var status: HTTPStatus { get }
    /// The full response; the default is the server's small JSON error body.
    func response() -> HTTPResponse
}

extension HTTPResponseError {
    /// `{"error":"<reason>","status":<code>}` with `application/json`.
    public func response() -> HTTPResponse { .error(status) }
}

/// A ready-made ``HTTPResponseError`` carrying a status and an optional client-safe message.
public struct HTTPError: HTTPResponseError, Equatable {
    /// The status to answer with.
    public let status: HTTPStatus
    /// A message safe to show the client; defaults to the reason phrase.
    public let message: String?

    /// Creates an error.
    public init(_ status: HTTPStatus, message: String? = nil) {
        self.status = status
        self.message = message
    }

    /// The JSON error body with ``message``.
    public func response() -> HTTPResponse { .error(status, message: message) }
}
