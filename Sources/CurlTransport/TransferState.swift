import Foundation
internal import CCurl

/// What libcurl's callbacks fill in during one transfer. Touched only on the transfer's thread
/// (callbacks run inside `curl_easy_perform`), except ``cancellation``, which is atomic.
final class TransferState {
    /// Largest body accepted.
    let limit: Int
    /// Set when the caller's task is cancelled.
    let cancellation: CancellationFlag
    /// The body received so far.
    var body: [UInt8] = []
    /// Header fields of the latest response.
    var headers: [HTTPClientHeader] = []
    /// Whether the body exceeded ``limit``.
    var exceededLimit = false
    /// `CURLOPT_ERRORBUFFER`: at least `CURL_ERROR_SIZE` bytes, zeroed.
    let errorBuffer: UnsafeMutablePointer<CChar>

    /// State for one transfer that accepts at most `limit` body bytes and aborts when `cancellation` is set; allocates
    /// the zeroed error buffer freed in `deinit`.
    init(limit: Int, cancellation: CancellationFlag) {
        self.limit = limit
        self.cancellation = cancellation
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit { errorBuffer.deallocate() }

    /// libcurl's detailed error message, if it wrote one.
    var errorMessage: String? {
        let text = String(cString: errorBuffer)
        return text.isEmpty ? nil : text
    }

    /// Records one raw header line (`Name: value\r\n` or a status line).
    func receiveHeaderLine(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            headers.removeAll()
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        let name = String(trimmed[..<colon])
        let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        headers.append(HTTPClientHeader(name, value))
    }
}

/// Lives on one transfer thread only.
@available(*, unavailable)
extension TransferState: Sendable {}
