/// Sends HTTP requests: the port the Okta client depends on, so tests can substitute a
/// scripted transport (style.md §8.3).
public protocol HTTPTransport: Sendable {
    /// Performs `request` and returns the complete response, whatever its status.
    /// - Throws: ``CurlError`` for transport failures and timeouts, `CancellationError` when the
    ///   calling task is cancelled mid-transfer.
    func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse
}
