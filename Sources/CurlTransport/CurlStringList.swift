internal import CCurl

/// Owns a `curl_slist` (request header lines) and frees it in `deinit`; it must outlive the
/// transfer that uses it (https://curl.se/libcurl/c/CURLOPT_HTTPHEADER.html).
final class CurlStringList {
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    /// An empty list.
    init() {}

    /// Appends a copy of `line`; false when libcurl is out of memory.
    func append(_ line: String) -> Bool {
        guard let next = curl_slist_append(pointer, line) else { return false }
        pointer = next
        return true
    }

    deinit { curl_slist_free_all(pointer) }
}

/// A C list owner is used on one thread only (the client's private queue).
@available(*, unavailable)
extension CurlStringList: Sendable {}
