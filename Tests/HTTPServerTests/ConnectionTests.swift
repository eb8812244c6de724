// SPDX-License-Identifier: MIT

import Testing

@testable import HTTPServer

/// The production connection state machine driven over an in-memory transport (no sockets).
@Suite("Connection over an injected byte stream")
struct ConnectionTests {
    func serve(_ chunks: [[UInt8]]) async -> InMemoryTransport {
        let transport = InMemoryTransport(chunks: chunks)
        await HTTPConnection(transport: transport, responder: testRouter()).run()
        return transport
    }

    @Test("Every smuggling case answers 400 with Connection: close and closes", arguments: DecoderTests.badRequests)
    func badRequestCloses(_ name: String, _ raw: String) async {
        let t = await serve([Array(raw.utf8)])
        let text = t.outputString
        #expect(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(name)")
        #expect(text.contains("\r\nConnection: close\r\n"), "\(name)")
        #expect(text.contains("\"status\":400"), "\(name)")
        #expect(t.isClosed)
        // Exactly one response: nothing after the framing error is interpreted.
        #expect(text.split(separator: "HTTP/1.1 ").count == 1, "\(name)")
    }

    @Test("Pipelined requests split at every offset produce identical output")
    func splitOutput() async {
        let raw = Array(
            ("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /hello HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").utf8)
        let expected = Self.withoutDate(await serve([raw]).outputString)
        #expect(expected.contains("abc") && expected.contains("hello"))
        for cut in stride(from: 0, through: raw.count, by: 7) {
            let got = Self.withoutDate(await serve([Array(raw[..<cut]), Array(raw[cut...])]).outputString)
            #expect(got == expected, "cut \(cut)")
        }
    }

    @Test("Smuggled second request after a bad one is never served")
    func noSmuggling() async {
        let t = await serve([
            Array(
                "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /hello HTTP/1.1\r\nHost: h\r\n\r\n"
                    .utf8)
        ])
        #expect(!t.outputString.contains("hello"))
    }

    @Test("Mutated valid requests never crash the connection (mini fuzz, fixed seed)")
    func mutationFuzz() async {
        var rng = SplitMix(seed: 0x5EED)
        let seeds = DecoderTests.validRequests.map { Array($0.utf8) }
        let alphabet = Array("\r\n :;\t0aF-\"\u{0}\u{7F}".utf8)
        for i in 0..<600 {
            var input = seeds[i % seeds.count]
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(input.count))
                switch rng.next() % 3 {
                case 0: input[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                case 1: input.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                default: if input.count > 1 { input.remove(at: at) }
                }
            }
            let cut = Int(rng.next() % UInt64(input.count + 1))
            let t = await serve([Array(input[..<cut]), Array(input[cut...])])
            #expect(t.isClosed)
            let out = t.outputString
            #expect(out.isEmpty || out.hasPrefix("HTTP/1.1 "))
        }
    }

    static func withoutDate(_ s: String) -> String {
        s.split(separator: "\r\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("Date:") }
            .joined(separator: "\r\n")
    }
}

@Suite("Router")
struct RouterTests {
    @Test("Matches params, prefers literals, reports the pattern")
    func matching() async {
        var router = Router()
        router.add(.get, "/users/:id") { _, p in .text(.ok, "param \(p["id"]!)") }
        router.add(.get, "/users/me") { _, _ in .text(.ok, "literal") }
        router.add(.get, "/files/*") { _, _ in .text(.ok, "rest") }
        let me = await router.respond(to: HTTPRequest(method: .get, target: "/users/me"))
        #expect(String(decoding: me.body, as: UTF8.self) == "literal")
        let id = await router.respond(to: HTTPRequest(method: .get, target: "/users/a%2Fb?x=1"))
        #expect(String(decoding: id.body, as: UTF8.self) == "param a/b")
        #expect(router.match(HTTPRequest(method: .get, target: "/users/7"))?.pattern == "/users/:id")
        #expect(router.match(HTTPRequest(method: .get, target: "/users/7"))?.parameters["id"] == "7")
        #expect(router.match(HTTPRequest(method: .head, target: "/files/a/b"))?.pattern == "/files/*")
        #expect(router.match(HTTPRequest(method: .post, target: "/users/7")) == nil)
        #expect(await router.respond(to: HTTPRequest(method: .get, target: "/users")).status == .notFound)
        let wrong = await router.respond(to: HTTPRequest(method: .post, target: "/users/7"))
        #expect(wrong.status == .methodNotAllowed && wrong.headers["allow"] == "GET, HEAD")
    }

    @Test("Every path length finds its candidates: exact lengths, `*` from its position, longer paths")
    func pathLengths() {
        var router = Router()
        router.add(.get, "/") { _, _ in .text(.ok, "root") }
        router.add(.get, "/a") { _, _ in .text(.ok, "a") }
        router.add(.get, "/a/:x/c") { _, _ in .text(.ok, "axc") }
        router.add(.get, "/files/*") { _, _ in .text(.ok, "files") }
        router.add(.get, "/*") { _, _ in .text(.ok, "anything") }
        let pattern = { (target: String) in router.match(HTTPRequest(method: .get, target: target))?.pattern }
        #expect(pattern("/a") == "/a")
        #expect(pattern("/a/b/c") == "/a/:x/c")
        #expect(pattern("/a/b") == "/*")
        #expect(pattern("/files") == "/files/*")
        #expect(pattern("/files/1/2/3/4/5/6/7/8/9") == "/files/*")
        #expect(pattern("/x/y/z/w/v/u/t") == "/*")
        #expect(pattern("/a/b/c/d") == "/*")
        // A literal is compared byte for byte: same length, different bytes, or a longer prefix.
        #expect(pattern("/b") == "/*")
        #expect(pattern("/aa") == "/*")
        #expect(pattern("/A") == "/*")
        // A trailing slash is one more, empty segment; a parameter never matches an empty one.
        #expect(pattern("/a/") == "/*")
        #expect(pattern("/a//c") == "/*")
        #expect(pattern("/a/%2F/c") == "/a/:x/c")
        #expect(router.match(HTTPRequest(method: .get, target: "/a/%2F/c"))?.parameters["x"] == "/")
    }

    @Test("Errors: HTTPResponseError rendered, others opaque 500")
    func errors() async {
        let router = testRouter()
        let teapot = await router.respond(to: HTTPRequest(method: .get, target: "/teapot"))
        #expect(teapot.status.code == 418)
        let secret = await router.respond(to: HTTPRequest(method: .get, target: "/secret"))
        #expect(secret.status == .internalServerError)
        #expect(String(decoding: secret.body, as: UTF8.self) == "{\"error\":\"Internal Server Error\",\"status\":500}")
    }

    @Test("Headers are case-insensitive and ordered; query items decode")
    func vocabulary() {
        var h = HTTPHeaders([("X-A", "1"), ("x-a", "2"), ("B", "3")])
        #expect(h["x-A"] == "1" && h.values(for: "X-A") == ["1", "2"])
        #expect(h.singleValue(for: "x-a") == nil)  // repeated: not a single value
        #expect(h.singleValue(for: "b") == "3" && h.singleValue(for: "C") == nil)
        h["X-A"] = "9"
        #expect(h.values(for: "x-a") == ["9"] && h.count == 2)
        #expect(h.singleValue(for: "X-a") == "9")
        // Only letters fold: `@` and `` ` `` (and `[` and `{`) differ by the same bit but are not a case pair.
        let symbols = HTTPHeaders([("a@[", "1")])
        #expect(symbols["A@["] == "1" && symbols["a`["] == nil && symbols["a@{"] == nil && symbols["a@"] == nil)
        let r = HTTPRequest(method: .get, target: "/p?a=1&b=x+y%21&c&a=2")
        #expect(r.path == "/p")
        #expect(r.queryItems.map { "\($0.name)=\($0.value)" } == ["a=1", "b=x y!", "c=", "a=2"])
        #expect(HTTPRequest(method: .get, target: "http://h:1/x?y").path == "/x")
        // Empty pairs are skipped; only the first `=` splits; a name may be empty.
        let odd = HTTPRequest(method: .get, target: "/p?&&a=1&=x&y=&b==c%3D&").queryItems
        #expect(odd.map { "\($0.name)|\($0.value)" } == ["a|1", "|x", "y|", "b|=c="])
        #expect(HTTPRequest(method: .get, target: "/p?").queryItems.isEmpty)
        // Split on bytes: a combining mark after `&` does not glue two pairs together.
        let marks = HTTPRequest(method: .get, target: "/p?a=1&\u{301}b=2").queryItems
        #expect(marks.map(\.value) == ["1", "2"])
    }
}

/// A tiny deterministic PRNG so the mutation test is reproducible.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
