internal import CCurl

/// One blocking SMTP transaction on the calling thread (the client's private queue).
enum SMTPTransfer {
    /// Runs `request` to completion.
    static func perform(_ request: SMTPSendRequest) throws(SMTPError) {
        guard let handle = CurlEasyHandle() else {
            throw SMTPError(kind: .transient, replyCode: 0, curlCode: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed")
        }
        // RFC 5321 §4.1.2: a path is `<local@domain>`; a CR, LF or angle bracket in an address
        // would let it smuggle a second command.
        for address in [request.sender] + request.recipients
        where address.contains(where: { $0.isNewline || $0 == "<" || $0 == ">" }) || address.isEmpty {
            throw SMTPError(kind: .permanent, replyCode: 0, curlCode: 0, message: "invalid envelope address")
        }
        guard !request.recipients.isEmpty else {
            throw SMTPError(kind: .permanent, replyCode: 0, curlCode: 0, message: "no recipients")
        }
        let recipients = CurlStringList()
        for recipient in request.recipients where !recipients.append("<\(recipient)>") {
            throw SMTPError(kind: .transient, replyCode: 0, curlCode: 0, message: "out of memory")
        }
        let state = SMTPReadState(message: request.message)
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        defer { errorBuffer.deallocate() }
        do {
            try configure(handle, request, recipients: recipients, state: state, errorBuffer: errorBuffer)
        } catch {
            throw SMTPError(kind: .permanent, replyCode: 0, curlCode: error.code, message: error.message)
        }
        let unmanaged = Unmanaged.passRetained(state)
        defer { unmanaged.release() }
        let code = curl_easy_perform(handle.raw)
        guard code != CURLE_OK else { return }
        let reply = handle.info(CURLINFO_RESPONSE_CODE)
        let detail = String(cString: errorBuffer)
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        throw SMTPError(kind: classify(code, reply: reply), replyCode: reply, curlCode: Int(code.rawValue), message: message)
    }

    /// RFC 5321 §4.2.1: 4yz is transient, 5yz permanent. Without a reply code, failures to
    /// connect or to hear back are transient; a refused STARTTLS, refused credentials and
    /// malformed requests are permanent (retrying sends the same thing to the same server).
    static func classify(_ code: CURLcode, reply: Int) -> SMTPError.Kind {
        switch code {
        case CURLE_USE_SSL_FAILED, CURLE_LOGIN_DENIED, CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL,
            CURLE_PEER_FAILED_VERIFICATION:
            return .permanent
        default:
            break
        }
        if (500..<600).contains(reply) { return .permanent }
        return .transient
    }

    private static func configure(
        _ handle: CurlEasyHandle, _ request: SMTPSendRequest, recipients: CurlStringList, state: SMTPReadState,
        errorBuffer: UnsafeMutablePointer<CChar>
    ) throws(CurlError) {
        try handle.set(CURLOPT_URL, request.url)
        try handle.set(CURLOPT_NOSIGNAL, 1)
        try handle.set(CURLOPT_PROTOCOLS_STR, request.security == .implicit ? "smtps" : "smtp")
        try handle.set(CURLOPT_PROXY, "")
        try handle.set(CURLOPT_SSL_VERIFYPEER, 1)
        try handle.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = request.caFile { try handle.set(CURLOPT_CAINFO, caFile) }
        // RFC 3207: with CURLUSESSL_ALL libcurl sends STARTTLS and fails the transfer with
        // CURLE_USE_SSL_FAILED when the server does not offer it — never falls back to clear text.
        try handle.set(
            CURLOPT_USE_SSL, request.security == .none ? roster_curl_use_ssl_none : roster_curl_use_ssl_all)
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds(request.connectTimeout))
        try handle.set(CURLOPT_TIMEOUT_MS, milliseconds(request.totalTimeout))
        // https://curl.se/libcurl/c/CURLOPT_SERVER_RESPONSE_TIMEOUT.html: per SMTP command.
        try handle.set(CURLOPT_SERVER_RESPONSE_TIMEOUT, max(1, Int(request.commandTimeout.components.seconds)))
        try handle.set(CURLOPT_MAIL_FROM, "<\(request.sender)>")
        try handle.set(CURLOPT_MAIL_RCPT, list: recipients)
        if let username = request.username { try handle.set(CURLOPT_USERNAME, username) }
        if let password = request.password { try handle.set(CURLOPT_PASSWORD, password) }
        try handle.set(CURLOPT_UPLOAD, 1)
        try handle.set(CURLOPT_INFILESIZE_LARGE, offset: Int64(request.message.count))
        try handle.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try handle.set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(state).toOpaque())
        let code = roster_curl_setopt_read_function(handle.raw, readMessage)
        guard code == CURLE_OK else {
            throw CurlError(kind: .invalidRequest, code: Int(code.rawValue), message: "setting the read function")
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

/// The message being uploaded and how much of it libcurl has taken. Lives on one transfer
/// thread only.
final class SMTPReadState {
    /// The complete message (headers and body, CRLF line endings) to upload.
    let message: [UInt8]
    /// How many bytes of ``message`` libcurl has already taken; only grows.
    var offset = 0

    /// State for uploading `message` from its first byte.
    init(message: [UInt8]) { self.message = message }
}

@available(*, unavailable)
extension SMTPReadState: Sendable {}

/// https://curl.se/libcurl/c/CURLOPT_READFUNCTION.html: copy up to `size * count` bytes and
/// return how many; 0 ends the upload (libcurl then sends the final `CRLF.CRLF`).
private let readMessage: curl_read_callback = { buffer, size, count, context in
    let state = Unmanaged<SMTPReadState>.fromOpaque(context!).takeUnretainedValue()
    guard let buffer else { return 0 }
    let length = min(size * count, state.message.count - state.offset)
    guard length > 0 else { return 0 }
    state.message.withUnsafeBytes { bytes in
        UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + state.offset, byteCount: length)
    }
    state.offset += length
    return length
}
