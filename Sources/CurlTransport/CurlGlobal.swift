internal import CCurl

/// `curl_global_init` exactly once per process, before the first handle is made
/// (https://curl.se/libcurl/c/curl_global_init.html: not thread-safe, call it once). A lazy
/// global is initialised once under Swift's `swift_once`, like corelibs-foundation's
/// `ensureLibcurlIsInitialized()` (style.md §5).
enum CurlGlobal {
    private static let result: Int = Int(curl_global_init(Int(CURL_GLOBAL_ALL)).rawValue)

    /// Initialises libcurl if it has not been; returns libcurl's result code (0 = OK).
    @discardableResult
    static func ensureInitialized() -> Int { result }
}
