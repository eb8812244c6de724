// SPDX-License-Identifier: MIT

import Testing

@testable import HTTPServer

/// A comparable summary of what the decoder produced.
enum Decoded: Equatable, CustomStringConvertible {
    case message(method: String, target: String, version: String, headers: [String], body: [UInt8], keepAlive: Bool)
    case error(Int)

    var description: String {
        switch self {
        case .message(let m, let t, let v, let h, let b, let k): "\(m) \(t) \(v) \(h) body=\(b.count) ka=\(k)"
        case .error(let code): "error \(code)"
        }
    }
}

/// Feeds `chunks` one at a time and collects every message (heads are skipped).
func decode(_ chunks: [[UInt8]], limits: HTTPServerLimits = .init()) -> [Decoded] {
    var decoder = HTTPRequestDecoder(limits: limits)
    var out: [Decoded] = []
    for chunk in chunks {
        decoder.append(chunk)
        loop: while true {
            switch decoder.next() {
            case .needMore: break loop
            case .head: continue
            case .message(let r, let keepAlive):
                out.append(
                    .message(
                        method: r.method.rawValue, target: r.target, version: r.version,
                        headers: r.headers.map { "\($0.name)=\($0.value)" }, body: r.body, keepAlive: keepAlive))
            case .error(let e):
                out.append(.error(e.status.code))
                return out
            }
        }
    }
    return out
}

func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

@Suite("Request decoder")
struct DecoderTests {
    static let validRequests: [String] = [
        "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "GET /a/b?x=1&y=%20 HTTP/1.1\r\nHost: h\r\nAccept: */*\r\nX-Empty:\r\n\r\n",
        "POST /submit HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\nContent-Type: text/plain\r\n\r\nhello world",
        "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;name=\"v;al\"\r\nhello\r\n6 ; x=y\r\n world\r\n0\r\nTrailer-A: 1\r\nTrailer-B: 2\r\n\r\n",
        "GET /one HTTP/1.1\r\nHost: h\r\n\r\nPOST /two HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGET /three HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
        "GET /old HTTP/1.0\r\n\r\n",
        "GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "\r\nOPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET http://example.com/abs?q HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "PATCH /x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nX-Obs: caf\u{E9}\r\n\r\n",
    ]

    @Test("Valid requests parse", arguments: validRequests)
    func validParses(_ raw: String) throws {
        let result = decode([bytes(raw)])
        #expect(!result.isEmpty)
        for r in result {
            guard case .message = r else {
                Issue.record("unexpected \(r)")
                return
            }
        }
    }

    @Test("Fields of a simple POST")
    func postFields() throws {
        var decoder = HTTPRequestDecoder()
        decoder.append(bytes("POST /p?q=a+b&r=%41 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi"))
        guard case .head(let head) = decoder.next() else { Issue.record("no head"); return }
        #expect(head.framing == .length(2))
        guard case .message(let request, let keepAlive) = decoder.next() else { Issue.record("no message"); return }
        #expect(request.method == .post)
        #expect(request.path == "/p")
        #expect(request.query == "q=a+b&r=%41")
        #expect(request.queryItems.map(\.value) == ["a b", "A"])
        #expect(request.headers["content-length"] == "2")
        #expect(request.body == bytes("hi"))
        #expect(keepAlive)
    }

    @Test("Chunked body with extensions and trailers is de-chunked")
    func chunked() {
        let result = decode([bytes(Self.validRequests[3])])
        guard case .message(_, _, _, _, let body, _) = result.first else { Issue.record("\(result)"); return }
        #expect(body == bytes("hello world"))
    }

    @Test("Pipelined requests keep exact body boundaries")
    func pipelined() {
        let result = decode([bytes(Self.validRequests[4])])
        #expect(result.count == 3)
        guard result.count == 3, case .message(_, let t2, _, _, let b2, _) = result[1],
            case .message(_, let t3, _, _, _, let ka3) = result[2]
        else { return }
        #expect(t2 == "/two" && b2 == bytes("abc"))
        #expect(t3 == "/three" && !ka3)
    }

    @Test("HTTP/1.0 keep-alive only when asked")
    func http10() {
        guard case .message(_, _, _, _, _, let ka) = decode([bytes(Self.validRequests[5])]).first,
            case .message(_, _, _, _, _, let ka2) = decode([bytes(Self.validRequests[6])]).first
        else { Issue.record("no parse"); return }
        #expect(!ka)
        #expect(ka2)
    }

    @Test("Every split point yields the same parse", arguments: validRequests)
    func everySplit(_ raw: String) {
        let all = bytes(raw)
        let expected = decode([all])
        for cut in 0...all.count {
            let got = decode([Array(all[0..<cut]), Array(all[cut...])])
            #expect(got == expected, "split at \(cut)")
        }
        // Byte by byte, and: nothing completes before the last byte of a single request.
        #expect(decode(all.map { [$0] }) == expected)
        if expected.count == 1 {
            #expect(decode([Array(all.dropLast())]).isEmpty)
        }
    }

    @Test("Pipelined leftovers parse as the next request")
    func leftovers() {
        let first = bytes("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nbody")
        let second = bytes("GET /b HTTP/1.1\r\nHost: h\r\n\r\n")
        var decoder = HTTPRequestDecoder()
        decoder.append(first + second.prefix(10))
        guard case .head = decoder.next(), case .message(let r1, _) = decoder.next() else {
            Issue.record("first")
            return
        }
        #expect(r1.body == bytes("body"))
        #expect({ if case .needMore = decoder.next() { true } else { false } }())
        decoder.append(second.dropFirst(10))
        guard case .message(let r2, _) = decoder.next() else { Issue.record("second"); return }
        #expect(r2.path == "/b")
    }

    /// Framing and syntax errors that must be answered 400 and close (hardening.md §1.6, llhttp cases).
    static let badRequests: [(String, String)] = [
        ("CL+TE", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("TE+CL", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n"),
        ("duplicate CL", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na"),
        ("CL list", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1, 1\r\n\r\na"),
        ("CL 4 2", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4 2\r\n\r\nabcdef"),
        ("CL empty", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n"),
        ("CL +4", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +4\r\n\r\nabcd"),
        ("CL -1", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n"),
        ("CL hex", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x4\r\n\r\nabcd"),
        ("CL overflow", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999999\r\n\r\n"),
        ("TE chunkedchunked", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunkedchunked\r\n\r\n0\r\n\r\n"),
        ("TE chunked, deflate", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, deflate\r\n\r\n0\r\n\r\n"),
        ("TE gzip", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n"),
        ("TE twice", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("TE in 1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("chunk size space", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5 5\r\nhello\r\n0\r\n\r\n"),
        ("chunk size leading space", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n 5\r\nhello\r\n0\r\n\r\n"),
        ("chunk size non-hex", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
        ("chunk size overflow", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\nx\r\n0\r\n\r\n"),
        ("chunk size empty", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n\r\nhello\r\n0\r\n\r\n"),
        ("chunk data too long", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhello\r\n0\r\n\r\n"),
        ("chunk ext unbalanced quote", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"x\r\nhello\r\n0\r\n\r\n"),
        ("chunk bare LF", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n"),
        ("obs-fold", "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n  continued\r\n\r\n"),
        ("bare LF in head", "GET / HTTP/1.1\nHost: h\n\n"),
        ("bare LF after field", "GET / HTTP/1.1\r\nHost: h\nX: y\r\n\r\n"),
        ("bare CR in field", "GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n"),
        ("bare CR in request line", "GET /\r HTTP/1.1\r\nHost: h\r\n\r\n"),
        ("space before colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n"),
        ("tab before colon", "GET / HTTP/1.1\r\nHost\t: h\r\n\r\n"),
        ("missing host", "GET / HTTP/1.1\r\n\r\n"),
        ("duplicate host", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
        ("NUL in value", "GET / HTTP/1.1\r\nHost: h\r\nX: a\u{0}b\r\n\r\n"),
        ("control in value", "GET / HTTP/1.1\r\nHost: h\r\nX: a\u{1}b\r\n\r\n"),
        ("DEL in value", "GET / HTTP/1.1\r\nHost: h\r\nX: a\u{7F}b\r\n\r\n"),
        ("empty field name", "GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n"),
        ("bad method", "G(T / HTTP/1.1\r\nHost: h\r\n\r\n"),
        ("empty method", " / HTTP/1.1\r\nHost: h\r\n\r\n"),
        ("double space", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n"),
        ("no target", "GET HTTP/1.1\r\nHost: h\r\n\r\n"),
        ("relative target", "GET foo HTTP/1.1\r\nHost: h\r\n\r\n"),
        ("asterisk with GET", "GET * HTTP/1.1\r\nHost: h\r\n\r\n"),
        ("non-ASCII target", "GET /caf\u{E9} HTTP/1.1\r\nHost: h\r\n\r\n"),
        ("bad version", "GET / HTTP/1.x\r\nHost: h\r\n\r\n"),
        ("lowercase version", "GET / http/1.1\r\nHost: h\r\n\r\n"),
        ("version junk", "GET / HTTP/1.1 x\r\nHost: h\r\n\r\n"),
        ("missing version", "GET /\r\nHost: h\r\n\r\n"),
    ]

    @Test("Smuggling and syntax cases are rejected with 400", arguments: badRequests)
    func rejected(_ name: String, _ raw: String) {
        #expect(decode([bytes(raw)]) .last == .error(400), "\(name)")
    }

    @Test("Limits map to 414, 431 and 413")
    func limits() {
        var limits = HTTPServerLimits()
        limits.maxRequestLineBytes = 64
        limits.maxHeaderBytes = 256
        limits.maxHeaderCount = 5
        limits.maxBodyBytes = 10
        let longLine = "GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\nHost: h\r\n\r\n"
        #expect(decode([bytes(longLine)], limits: limits) == [.error(414)])
        #expect(decode([bytes(String(longLine.prefix(80)))], limits: limits) == [.error(414)])
        let manyFields = "GET / HTTP/1.1\r\nHost: h\r\n" + (1...6).map { "X-\($0): v\r\n" }.joined() + "\r\n"
        #expect(decode([bytes(manyFields)], limits: limits) == [.error(431)])
        let bigField = "GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "v", count: 300) + "\r\n\r\n"
        #expect(decode([bytes(bigField)], limits: limits) == [.error(431)])
        #expect(decode([bytes(String(bigField.prefix(290)))], limits: limits) == [.error(431)])
        let bigBody = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n"
        #expect(decode([bytes(bigBody)], limits: limits) == [.error(413)])
        let bigChunked = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\nworld!\r\n"
        #expect(decode([bytes(bigChunked)], limits: limits) == [.error(413)])
        #expect(decode([bytes("GET / HTTP/2.0\r\nHost: h\r\n\r\n")]) == [.error(505)])
        #expect(decode([bytes("GET / HTTP/1.1\r\nHost: h\r\nExpect: teapot\r\n\r\n")]) == [.error(417)])
    }
}
