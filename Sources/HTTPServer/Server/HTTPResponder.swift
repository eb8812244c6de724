// SPDX-License-Identifier: MIT

/// Something that turns a request into a response; the server's only dependency on application code.
///
/// `respond` cannot throw: errors are the responder's to render (``Router`` does so via
/// ``HTTPResponseError``), so the server never has to guess what a failure means.
public protocol HTTPResponder: Sendable {
    /// Produces the response for `request`. Runs on the server's event-loop executor, so it must not
    /// block the thread; hop to another executor or queue for blocking work.
    func respond(to request: HTTPRequest) async -> HTTPResponse
}

/// Adapts a closure to ``HTTPResponder``.
public struct ClosureResponder: HTTPResponder {
    /// The wrapped closure.
    let body: @Sendable (HTTPRequest) async -> HTTPResponse

    /// Wraps `body`.
    public init(_ body: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) { self.body = body }

    /// Calls the closure.
    public func respond(to request: HTTPRequest) async -> HTTPResponse { await body(request) }
}
