// SPDX-License-Identifier: MIT

/// The framing-relevant facts collected while parsing field lines, validated once the head is complete.
struct FieldScan {
    /// `Host` fields seen (RFC 9112 §3.2 wants exactly one in 1.1).
    var hostCount = 0
    /// `Content-Length` fields seen; more than one is rejected.
    var contentLengthCount = 0
    /// The parsed Content-Length, or `nil` if absent or malformed.
    var contentLength: Int?
    /// Why the Content-Length value was rejected.
    var contentLengthError: HTTPParseError?
    /// `Transfer-Encoding` fields seen.
    var transferEncodingCount = 0
    /// Whether the (last) `Transfer-Encoding` value is exactly `chunked`.
    var transferEncodingIsChunked = false
    /// `Expect: 100-continue` was sent.
    var expectsContinue = false
    /// Some other expectation was sent (answered 417, RFC 9110 §10.1.1).
    var unknownExpectation = false
    /// A `Connection` field carried `close`.
    var connectionClose = false
    /// A `Connection` field carried `keep-alive` (HTTP/1.0 persistence).
    var connectionKeepAlive = false

    /// Records one field, recognising the names that decide framing and persistence.
    mutating func note(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        switch name.count {
        case 4 where ASCII.equalsLowercased(name, "host"):
            hostCount += 1
        case 14 where ASCII.equalsLowercased(name, "content-length"):
            contentLengthCount += 1
            contentLength = Self.parseContentLength(value)
            if contentLength == nil && contentLengthError == nil {
                contentLengthError = value.count > 18 && value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
                    ? .bad("content-length overflow") : .bad("invalid content-length")
            }
        case 17 where ASCII.equalsLowercased(name, "transfer-encoding"):
            transferEncodingCount += 1
            transferEncodingIsChunked = ASCII.equalsLowercased(value, "chunked")
        case 6 where ASCII.equalsLowercased(name, "expect"):
            if ASCII.equalsLowercased(value, "100-continue") { expectsContinue = true } else { unknownExpectation = true }
        case 10 where ASCII.equalsLowercased(name, "connection"):
            for token in value.split(separator: UInt8(ascii: ",")) {
                var s = token.startIndex, e = token.endIndex
                while s < e && (value[s] == ASCII.sp || value[s] == ASCII.htab) { s += 1 }
                while e > s && (value[e - 1] == ASCII.sp || value[e - 1] == ASCII.htab) { e -= 1 }
                let t = UnsafeBufferPointer(rebasing: value[s..<e])
                if ASCII.equalsLowercased(t, "close") { connectionClose = true }
                if ASCII.equalsLowercased(t, "keep-alive") { connectionKeepAlive = true }
            }
        default:
            break
        }
    }

    /// `Content-Length = 1*DIGIT` (RFC 9110 §8.6); at most 18 digits so it cannot overflow `Int`.
    /// Lists such as `4, 4` are rejected rather than deduplicated: stricter than RFC 9110 allows, and safe.
    static func parseContentLength(_ v: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !v.isEmpty, v.count <= 18 else { return nil }
        var n = 0
        for b in v {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            n = n * 10 + Int(b - UInt8(ascii: "0"))
        }
        return n
    }

    /// Applies the framing rules of RFC 9112 §6 and the Host rule of §3.2 and builds the head.
    func head(method: HTTPMethod, target: String, version: String, headers: HTTPHeaders)
        -> Result<HTTPRequestHead, HTTPParseError>
    {
        let isHTTP11 = version == "HTTP/1.1"
        // RFC 9112 §3.2: a 1.1 request without Host, or any request with more than one, gets 400.
        if hostCount > 1 { return .failure(.bad("duplicate host")) }
        if isHTTP11 && hostCount == 0 { return .failure(.bad("missing host")) }
        let framing: HTTPBodyFraming
        if transferEncodingCount > 0 {
            // RFC 9112 §6.1: CL with TE is a smuggling signature; we reject it and close.
            if contentLengthCount > 0 { return .failure(.bad("content-length and transfer-encoding")) }
            // RFC 9112 §6.1: TE in a 1.0 request means faulty framing.
            if !isHTTP11 { return .failure(.bad("transfer-encoding in HTTP/1.0")) }
            // Chunked must be the final coding (RFC 9112 §6.3 #4); we implement no other coding, so
            // anything but exactly one `chunked` is refused.
            guard transferEncodingCount == 1, transferEncodingIsChunked else {
                return .failure(.bad("unsupported transfer-encoding"))
            }
            framing = .chunked
        } else if contentLengthCount > 0 {
            // RFC 9112 §6.3 #5: an invalid Content-Length is an unrecoverable framing error.
            if contentLengthCount > 1 { return .failure(.bad("duplicate content-length")) }
            if let error = contentLengthError { return .failure(error) }
            framing = .length(contentLength!)
        } else {
            framing = .none
        }
        if unknownExpectation && isHTTP11 {
            return .failure(HTTPParseError(.expectationFailed, "unsupported expectation"))
        }
        let keepAlive = isHTTP11 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        let request = HTTPRequest(method: method, target: target, version: version, headers: headers)
        // RFC 9110 §10.1.1: a server MUST ignore 100-continue in an HTTP/1.0 request.
        return .success(
            HTTPRequestHead(
                request: request, framing: framing, expectsContinue: expectsContinue && isHTTP11,
                keepAlive: keepAlive))
    }
}
