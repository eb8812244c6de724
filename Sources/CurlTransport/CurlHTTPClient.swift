import Dispatch
import Synchronization

/// The libcurl HTTP client (style.md §5): one easy handle per request, configured with
/// `CURLOPT_NOSIGNAL`, connect and total timeouts, certificate and host verification always on,
/// redirects off, only the `http` and `https` schemes, no proxy from the environment, and a
/// response size cap. `curl_easy_perform` blocks, so it runs on this client's private serial
/// queue, never on the cooperative pool (style.md §8.7); a cancelled task aborts its transfer
/// through the progress callback.
public final class CurlHTTPClient: HTTPTransport {
    private let queue: DispatchQueue

    /// A client whose transfers run one at a time on a private queue named `label`.
    public init(label: String = "roster.curl") {
        queue = DispatchQueue(label: label)
    }

    /// Performs `request` on the private queue.
    public func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        let cancellation = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                queue.async {
                    continuation.resume(with: Result { try CurlTransfer.perform(request, cancellation: cancellation) })
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }
}

/// Set from the cancelling task's thread, read by libcurl's progress callback on the transfer
/// thread: an atomic, so no lock is needed.
final class CancellationFlag: Sendable {
    private let value = Atomic<Bool>(false)

    /// Requests cancellation.
    func cancel() { value.store(true, ordering: .relaxed) }

    /// Whether cancellation was requested.
    var isCancelled: Bool { value.load(ordering: .relaxed) }
}
