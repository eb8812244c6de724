internal import CCurl

/// Owns one `CURL *` easy handle and frees it in `deinit` (corelibs `_EasyHandle`, style.md §5).
/// Used on one thread at a time only: the client's private queue.
final class CurlEasyHandle {
    /// The `CURL *` handle; valid until `deinit`, never shared across threads at once.
    let raw: UnsafeMutableRawPointer

    /// A new handle, or nil when libcurl cannot allocate one.
    init?() {
        CurlGlobal.ensureInitialized()
        guard let handle = curl_easy_init() else { return nil }
        raw = handle
    }

    deinit { curl_easy_cleanup(raw) }

    /// Sets a `long` option.
    func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(roster_curl_setopt_long(raw, option, value), option)
    }

    /// Sets a string option (libcurl copies strings since 7.17.0).
    func set(_ option: CURLoption, _ value: String) throws(CurlError) {
        try check(roster_curl_setopt_string(raw, option, value), option)
    }

    /// Sets a `curl_off_t` option.
    func set(_ option: CURLoption, offset value: Int64) throws(CurlError) {
        try check(roster_curl_setopt_off_t(raw, option, curl_off_t(value)), option)
    }

    /// Sets a pointer option (callback data, error buffer).
    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(CurlError) {
        try check(roster_curl_setopt_pointer(raw, option, value), option)
    }

    /// Sets a `curl_slist` option; the list must outlive the transfer.
    func set(_ option: CURLoption, list: CurlStringList) throws(CurlError) {
        try check(roster_curl_setopt_slist(raw, option, list.pointer), option)
    }

    /// A `long` info value, e.g. `CURLINFO_RESPONSE_CODE`.
    func info(_ item: CURLINFO) -> Int {
        var value = 0
        _ = roster_curl_getinfo_long(raw, item, &value)
        return value
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(CurlError) {
        guard code != CURLE_OK else { return }
        throw CurlError(
            kind: .invalidRequest, code: Int(code.rawValue),
            message: "setting option \(option.rawValue): " + String(cString: curl_easy_strerror(code)))
    }
}

/// The handle wraps a C pointer that libcurl forbids sharing between threads.
@available(*, unavailable)
extension CurlEasyHandle: Sendable {}
