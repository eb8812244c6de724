// SPDX-License-Identifier: MIT

/// Serialises responses into an output buffer, adding the fields the server owns.
///
/// The server, not the handler, decides `Content-Length` (from the real body), `Date` and `Connection`,
/// so a handler can never produce a response whose framing disagrees with its bytes (RFC 9112 §6.3).
enum HTTPResponseEncoder {
    /// Appends the serialised response to `out`.
    /// - Parameters:
    ///   - response: the response to send.
    ///   - isHead: the request was HEAD: send headers as for GET but no content (RFC 9110 §9.3.2).
    ///   - close: add `Connection: close` and close after sending (RFC 9112 §9.6).
    ///   - keepAliveHTTP10: the peer is HTTP/1.0 and asked for keep-alive, so say `keep-alive` back.
    static func encode(
        _ response: HTTPResponse,
        isHead: Bool,
        close: Bool,
        keepAliveHTTP10: Bool = false,
        into out: inout [UInt8]
    ) {
        let status = response.status
        out.reserveCapacity(out.count + 128 + response.body.count)
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status.code, to: &out)
        out.append(ASCII.sp)
        out.append(contentsOf: status.reason.utf8)
        out.append(contentsOf: "\r\n".utf8)
        var hasDate = false
        for field in response.headers.fields {
            if HTTPHeaders.equalsIgnoringCase(field.name, "Content-Length")
                || HTTPHeaders.equalsIgnoringCase(field.name, "Connection")
                || HTTPHeaders.equalsIgnoringCase(field.name, "Transfer-Encoding")
            {
                continue
            }
            if HTTPHeaders.equalsIgnoringCase(field.name, "Date") { hasDate = true }
            appendField(field.name, field.value, to: &out)
        }
        if !hasDate {
            out.append(contentsOf: "Date: ".utf8)
            out.append(contentsOf: HTTPDate.current())
            out.append(contentsOf: "\r\n".utf8)
        }
        // RFC 9110 §8.6: no Content-Length in 1xx or 204 responses.
        let bodyAllowed = status.code >= 200 && status.code != 204 && status.code != 304
        if bodyAllowed || status.code == 304 {
            if status.code != 304 || !response.body.isEmpty {
                out.append(contentsOf: "Content-Length: ".utf8)
                appendDecimal(response.body.count, to: &out)
                out.append(contentsOf: "\r\n".utf8)
            }
        }
        if close {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if keepAliveHTTP10 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        if bodyAllowed && !isHead {
            out.append(contentsOf: response.body)
        }
    }

    /// Appends `name: value\r\n`, dropping CR/LF/NUL from handler-supplied text so a handler bug cannot
    /// split the response (RFC 9110 §5.5).
    static func appendField(_ name: String, _ value: String, to out: inout [UInt8]) {
        // Clean text (every field a correct handler sets) is copied in one go; only text that
        // holds a forbidden byte is filtered byte by byte.
        appendFiltered(name, to: &out) { $0 > 0x20 && $0 != ASCII.colon && $0 != 0x7F }
        out.append(contentsOf: ": ".utf8)
        appendFiltered(value, to: &out) { $0 != ASCII.cr && $0 != ASCII.lf && $0 != 0 }
        out.append(contentsOf: "\r\n".utf8)
    }

    /// Appends the bytes of `text` that `keep` accepts.
    private static func appendFiltered(_ text: String, to out: inout [UInt8], keep: (UInt8) -> Bool) {
        var text = text
        text.withUTF8 { bytes in
            if bytes.allSatisfy(keep) {
                out.append(contentsOf: bytes)
            } else {
                for byte in bytes where keep(byte) { out.append(byte) }
            }
        }
    }

    /// Appends a non-negative integer in decimal without allocating a String.
    static func appendDecimal(_ n: Int, to out: inout [UInt8]) {
        if n < 10 {
            out.append(UInt8(ascii: "0") + UInt8(n))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
            UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = n
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 {
                d[count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(d[i]) }
        }
    }
}
