internal import CCurl

/// One blocking transfer on the calling thread (the client's private queue): builds the easy
/// handle, runs `curl_easy_perform`, and turns the outcome into a response or a ``CurlError``.
enum CurlTransfer {
    /// Runs `request` to completion.
    static func perform(_ request: HTTPClientRequest, cancellation: CancellationFlag) throws -> HTTPClientResponse {
        guard let handle = CurlEasyHandle() else {
            throw CurlError(kind: .transport, code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed")
        }
        let state = TransferState(limit: request.maxResponseBytes, cancellation: cancellation)
        let headers = CurlStringList()
        for field in request.headers {
            // A CR or LF in a value would let a caller inject header lines (RFC 9110 §5.5).
            guard !field.name.contains(where: \.isNewline), !field.value.contains(where: \.isNewline),
                headers.append("\(field.name): \(field.value)")
            else { throw CurlError(kind: .invalidRequest, code: 0, message: "invalid header field \(field.name)") }
        }
        // No `Expect: 100-continue` round trip (bodies are small form posts).
        _ = headers.append("Expect:")
        try configure(handle, request, state: state, headers: headers)

        let unmanaged = Unmanaged.passRetained(state)
        defer { unmanaged.release() }
        let code = curl_easy_perform(handle.raw)
        guard code == CURLE_OK else { throw error(code, state: state) }
        return HTTPClientResponse(status: handle.info(CURLINFO_RESPONSE_CODE), headers: state.headers, body: state.body)
    }

    private static func configure(
        _ handle: CurlEasyHandle, _ request: HTTPClientRequest, state: TransferState, headers: CurlStringList
    ) throws(CurlError) {
        let context = Unmanaged.passUnretained(state).toOpaque()
        try handle.set(CURLOPT_URL, request.url)
        // https://curl.se/libcurl/c/CURLOPT_NOSIGNAL.html: no SIGALRM for DNS timeouts in a
        // multi-threaded process.
        try handle.set(CURLOPT_NOSIGNAL, 1)
        try handle.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try handle.set(CURLOPT_FOLLOWLOCATION, 0)
        // Verification is never optional (hardening.md §1.4, API10).
        try handle.set(CURLOPT_SSL_VERIFYPEER, 1)
        try handle.set(CURLOPT_SSL_VERIFYHOST, 2)
        // No proxy taken from http_proxy/https_proxy: the token goes straight to the org.
        try handle.set(CURLOPT_PROXY, "")
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds(request.connectTimeout))
        try handle.set(CURLOPT_TIMEOUT_MS, milliseconds(request.timeout))
        try handle.set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(request.maxResponseBytes))
        switch request.method {
        case .get:
            try handle.set(CURLOPT_HTTPGET, 1)
        case .post:
            // https://curl.se/libcurl/c/CURLOPT_COPYPOSTFIELDS.html: the size first, then the
            // bytes, which libcurl copies (so the array need not outlive this call).
            try handle.set(CURLOPT_POST, 1)
            try handle.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(request.body.count))
            var body = request.body
            if body.isEmpty { body = [0] }
            let copied = body.withUnsafeMutableBytes { buffer in
                roster_curl_setopt_pointer(handle.raw, CURLOPT_COPYPOSTFIELDS, buffer.baseAddress)
            }
            try check(copied)
        }
        try handle.set(CURLOPT_HTTPHEADER, list: headers)
        try handle.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(state.errorBuffer))
        try handle.set(CURLOPT_WRITEDATA, pointer: context)
        try handle.set(CURLOPT_HEADERDATA, pointer: context)
        try handle.set(CURLOPT_XFERINFODATA, pointer: context)
        try handle.set(CURLOPT_NOPROGRESS, 0)
        try check(roster_curl_setopt_write_function(handle.raw, writeBody))
        try check(roster_curl_setopt_header_function(handle.raw, writeHeader))
        try check(roster_curl_setopt_xferinfo_function(handle.raw, progress))
    }

    private static func check(_ code: CURLcode) throws(CurlError) {
        guard code != CURLE_OK else { return }
        throw CurlError(
            kind: .invalidRequest, code: Int(code.rawValue), message: String(cString: curl_easy_strerror(code)))
    }

    private static func error(_ code: CURLcode, state: TransferState) -> any Error {
        if state.cancellation.isCancelled { return CancellationError() }
        let detail = state.errorMessage ?? String(cString: curl_easy_strerror(code))
        if state.exceededLimit || code == CURLE_FILESIZE_EXCEEDED {
            return CurlError(
                kind: .responseTooLarge, code: Int(code.rawValue),
                message: "response body larger than \(state.limit) bytes")
        }
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return CurlError(kind: .timeout, code: Int(code.rawValue), message: detail)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return CurlError(kind: .invalidRequest, code: Int(code.rawValue), message: detail)
        default:
            return CurlError(kind: .transport, code: Int(code.rawValue), message: detail)
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

/// https://curl.se/libcurl/c/CURLOPT_WRITEFUNCTION.html: returning less than given aborts the
/// transfer with `CURLE_WRITE_ERROR`, which is how the size cap stops a body mid-stream.
private let writeBody: curl_write_callback = { data, size, count, context in
    let state = Unmanaged<TransferState>.fromOpaque(context!).takeUnretainedValue()
    let length = size * count
    guard state.body.count + length <= state.limit else {
        state.exceededLimit = true
        return 0
    }
    if let data { state.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length)) }
    return length
}

/// https://curl.se/libcurl/c/CURLOPT_HEADERFUNCTION.html: called once per header line, including
/// the status line of every response (a new status line starts a new header block).
private let writeHeader: curl_write_callback = { data, size, count, context in
    let state = Unmanaged<TransferState>.fromOpaque(context!).takeUnretainedValue()
    let length = size * count
    guard let data else { return length }
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    state.receiveHeaderLine(line)
    return length
}

/// https://curl.se/libcurl/c/CURLOPT_XFERINFOFUNCTION.html: non-zero aborts the transfer with
/// `CURLE_ABORTED_BY_CALLBACK`; used for task cancellation.
private let progress: curl_xferinfo_callback = { context, _, _, _, _ in
    let state = Unmanaged<TransferState>.fromOpaque(context!).takeUnretainedValue()
    return state.cancellation.isCancelled ? 1 : 0
}
