// SPDX-License-Identifier: MIT

extension HTTPRequestDecoder {
    /// Finds the blank line ending the head, enforcing line-ending rules and size limits as bytes arrive.
    ///
    /// Returns `(contentEnd, next)`: the head content is `readIndex..<contentEnd` (CRLF-separated lines)
    /// and the body starts at `next`. Only CRLF ends a line: a bare LF is rejected (RFC 9112 §2.2 allows
    /// servers to accept it, but lenient line endings are a request-smuggling vector).
    mutating func scanHead() -> Result<(Int, Int)?, HTTPParseError> {
        var i = scanIndex
        var start = readIndex
        var lineStart = self.lineStart
        var requestLineEnd = self.requestLineEnd
        var fields = fieldCount
        var skipped = skippedEmptyLines
        let limits = self.limits
        let result: Result<(Int, Int)?, HTTPParseError> = buffer.withUnsafeBufferPointer { p in
            let count = p.count
            while i < count {
                if p[i] != ASCII.lf {
                    i += 1
                    continue
                }
                guard i > lineStart, p[i - 1] == ASCII.cr else { return .failure(.bad("bare LF")) }
                let lineEnd = i - 1
                if let rlEnd = requestLineEnd {
                    if lineEnd == lineStart {
                        return .success((lineStart - 2, i + 1))
                    }
                    fields += 1
                    if fields > limits.maxHeaderCount {
                        return .failure(HTTPParseError(.requestHeaderFieldsTooLarge, "too many header fields"))
                    }
                    if lineEnd - (rlEnd + 2) > limits.maxHeaderBytes {
                        return .failure(HTTPParseError(.requestHeaderFieldsTooLarge, "header block too large"))
                    }
                } else if lineEnd == lineStart {
                    // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request-line.
                    skipped += 1
                    if skipped > 4 { return .failure(.bad("too many empty lines")) }
                    start = i + 1
                } else {
                    if lineEnd - lineStart > limits.maxRequestLineBytes {
                        return .failure(HTTPParseError(.uriTooLong, "request line too long"))
                    }
                    requestLineEnd = lineEnd
                }
                lineStart = i + 1
                i += 1
            }
            if let rlEnd = requestLineEnd {
                if count - (rlEnd + 2) > limits.maxHeaderBytes + 2 {
                    return .failure(HTTPParseError(.requestHeaderFieldsTooLarge, "header block too large"))
                }
            } else if count - lineStart > limits.maxRequestLineBytes + 1 {
                return .failure(HTTPParseError(.uriTooLong, "request line too long"))
            }
            return .success(nil)
        }
        scanIndex = i
        readIndex = start
        self.lineStart = lineStart
        self.requestLineEnd = requestLineEnd
        fieldCount = fields
        skippedEmptyLines = skipped
        return result
    }

    /// Parses a complete head (request line and field lines, CRLF-separated, without the blank line).
    static func parseHead(
        _ p: UnsafeBufferPointer<UInt8>,
        requestLineLength rl: Int,
        limits: HTTPServerLimits
    ) -> Result<HTTPRequestHead, HTTPParseError> {
        // request-line = method SP request-target SP HTTP-version (RFC 9112 §3), single SPs only.
        var j = 0
        while j < rl && ASCII.isTokenChar[Int(p[j])] { j += 1 }
        guard j > 0, j < rl, p[j] == ASCII.sp else { return .failure(.bad("invalid method")) }
        let method = HTTPMethod(String(decoding: UnsafeBufferPointer(rebasing: p[0..<j]), as: UTF8.self))
        let targetStart = j + 1
        var k = targetStart
        while k < rl && ASCII.isTargetChar[Int(p[k])] { k += 1 }
        guard k > targetStart, k < rl, p[k] == ASCII.sp else { return .failure(.bad("invalid request target")) }
        let targetBytes = UnsafeBufferPointer(rebasing: p[targetStart..<k])
        let version: String
        switch parseVersion(UnsafeBufferPointer(rebasing: p[(k + 1)..<rl])) {
        case .failure(let error): return .failure(error)
        case .success(let v): version = v
        }
        // RFC 9112 §3.2: origin-form, absolute-form, or asterisk-form (OPTIONS only); authority-form is
        // only for CONNECT, which this server does not proxy.
        let first = targetBytes[0]
        let isAbsolute =
            targetBytes.count > 7
            && (ASCII.equalsLowercased(UnsafeBufferPointer(rebasing: targetBytes[0..<7]), "http://")
                || ASCII.equalsLowercased(UnsafeBufferPointer(rebasing: targetBytes[0..<min(8, targetBytes.count)]), "https://"))
        guard first == UInt8(ascii: "/") || isAbsolute || (targetBytes.count == 1 && first == UInt8(ascii: "*") && method == .options)
        else { return .failure(.bad("invalid request target form")) }
        let target = String(decoding: targetBytes, as: UTF8.self)

        var fields = FieldScan()
        var headers = HTTPHeaders()
        headers.fields.reserveCapacity(8)
        var pos = rl + 2
        while pos < p.count {
            var lineEnd = pos
            while lineEnd < p.count && p[lineEnd] != ASCII.lf { lineEnd += 1 }
            let next = lineEnd + 1
            if lineEnd < p.count { lineEnd -= 1 }  // strip the CR that scanHead proved precedes each LF
            if let error = parseField(UnsafeBufferPointer(rebasing: p[pos..<lineEnd]), into: &headers, &fields) {
                return .failure(error)
            }
            pos = next
        }
        return fields.head(method: method, target: target, version: version, headers: headers)
    }

    /// Parses `HTTP/DIGIT.DIGIT` (RFC 9112 §2.3); 1.x above 1.1 is served as 1.1 (RFC 9110 §6.2).
    static func parseVersion(_ v: UnsafeBufferPointer<UInt8>) -> Result<String, HTTPParseError> {
        guard v.count == 8, ASCII.equalsLowercased(UnsafeBufferPointer(rebasing: v[0..<5]), "http/"),
            v[0] == UInt8(ascii: "H"), v[5] >= UInt8(ascii: "0"), v[5] <= UInt8(ascii: "9"),
            v[6] == UInt8(ascii: "."), v[7] >= UInt8(ascii: "0"), v[7] <= UInt8(ascii: "9"),
            v[1] == UInt8(ascii: "T"), v[2] == UInt8(ascii: "T"), v[3] == UInt8(ascii: "P")
        else { return .failure(.bad("invalid HTTP version")) }
        guard v[5] == UInt8(ascii: "1") else {
            return .failure(HTTPParseError(.httpVersionNotSupported, "unsupported HTTP version"))
        }
        return .success(v[7] == UInt8(ascii: "0") ? "HTTP/1.0" : "HTTP/1.1")
    }

    /// Parses one `field-name ":" OWS field-value OWS` line (RFC 9112 §5).
    static func parseField(
        _ line: UnsafeBufferPointer<UInt8>,
        into headers: inout HTTPHeaders,
        _ fields: inout FieldScan
    ) -> HTTPParseError? {
        guard let first = line.first else { return .bad("empty field line") }
        // RFC 9112 §5.2: obs-fold is deprecated; a server MUST reject it (or unfold), we reject.
        if first == ASCII.sp || first == ASCII.htab { return .bad("obsolete line folding") }
        var n = 0
        while n < line.count && ASCII.isTokenChar[Int(line[n])] { n += 1 }
        guard n < line.count, line[n] == ASCII.colon else {
            // RFC 9112 §5.1: whitespace between field name and colon MUST be answered 400.
            if n < line.count && (line[n] == ASCII.sp || line[n] == ASCII.htab) {
                return .bad("whitespace before colon")
            }
            return .bad("invalid field name")
        }
        guard n > 0 else { return .bad("empty field name") }
        var vs = n + 1
        var ve = line.count
        while vs < ve && (line[vs] == ASCII.sp || line[vs] == ASCII.htab) { vs += 1 }
        while ve > vs && (line[ve - 1] == ASCII.sp || line[ve - 1] == ASCII.htab) { ve -= 1 }
        for i in vs..<ve where !ASCII.isFieldValueChar[Int(line[i])] {
            // RFC 9110 §5.5: CR, LF and NUL in a value MUST be rejected; we reject every control byte.
            return .bad("control character in field value")
        }
        let name = UnsafeBufferPointer(rebasing: line[0..<n])
        let value = UnsafeBufferPointer(rebasing: line[vs..<ve])
        fields.note(name: name, value: value)
        headers.fields.append(
            (name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
        return nil
    }
}
