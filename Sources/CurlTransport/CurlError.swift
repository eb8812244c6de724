/// A failed transfer: libcurl's result code and the message from `CURLOPT_ERRORBUFFER`, captured
/// at the throw site (style.md §8.5). Never carries request headers, so a token cannot leak
/// through an error message.
public struct CurlError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure, for callers that decide whether to retry.
    public enum Kind: String, Sendable, Equatable {
        /// Connecting, DNS, TLS, reading or writing failed.
        case transport
        /// The connect or total timeout expired (`CURLE_OPERATION_TIMEDOUT`).
        case timeout
        /// The response body was larger than the request's cap.
        case responseTooLarge
        /// The request itself was invalid (bad URL, refused scheme).
        case invalidRequest
    }

    /// The kind of failure.
    public let kind: Kind
    /// libcurl's `CURLcode` (https://curl.se/libcurl/c/libcurl-errors.html), 0 when not from curl.
    public let code: Int
    /// libcurl's detailed message, or `curl_easy_strerror` when the buffer was empty.
    public let message: String

    /// Creates an error.
    public init(kind: Kind, code: Int, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    /// Whether retrying the same request may succeed (timeouts and transport failures).
    public var isRetryable: Bool { kind == .transport || kind == .timeout }

    /// `curl error 28 (timeout): Operation timed out after …`.
    public var description: String { "curl error \(code) (\(kind.rawValue)): \(message)" }
}
