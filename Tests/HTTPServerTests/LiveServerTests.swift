// SPDX-License-Identifier: MIT

import Glibc
import HTTPServer
import Synchronization
import Testing
import TestSupport

@Suite("Live server on 127.0.0.1")
struct LiveServerTests {
    /// Roster runs its helper threads as SCHED_BATCH (3); the event loop must not inherit that from
    /// the thread that started it.
    @Test func theEventLoopRunsInTheDefaultSchedulingClass() async throws {
        var parameters = sched_param(sched_priority: 0)
        _ = sched_setscheduler(0, 3, &parameters)  // SCHED_BATCH, as `roster serve` sets it
        try await withServer { port, _ in
            let c = try await connect(port)
            try await c.send("GET /scheduling-class HTTP/1.1\r\nHost: x\r\n\r\n")
            let r = try #require(try await c.readResponse())
            #expect(r.status == 200 && r.bodyString == "0")
            c.close()
        }
    }

    @Test("Keep-alive serves several requests on one connection, with Date and Content-Length", arguments: Wire.allCases)
    func keepAlive(wire: Wire) async throws {
        try await withServer(wire: wire) { port, _ in
            let c = try await connect(port)
            for _ in 0..<3 {
                try await c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                let r = try #require(try await c.readResponse())
                #expect(r.status == 200 && r.bodyString == "hello")
                #expect(r.header("Content-Length") == "5")
                #expect(r.header("Date")?.hasSuffix("GMT") == true)
                #expect(r.header("Connection") == nil)
            }
            c.close()
        }
    }

    @Test("Pipelined requests are answered in order with exact bodies", arguments: Wire.allCases)
    func pipelining(wire: Wire) async throws {
        try await withServer(wire: wire) { port, _ in
            let c = try await connect(port)
            try await c.send(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n"
                    + "GET /api/v1/tenants/t1/users/u%201 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let bodies = try await (0..<4).asyncMap { _ in try #require(try await c.readResponse()).bodyString }
            #expect(bodies == ["abc", "hello", "de", "t1/u 1"])
            #expect(await c.isClosedByPeer())
        }
    }

    @Test("HEAD has no body; HTTP/1.0 closes unless keep-alive; IPv6 listens", arguments: Wire.allCases)
    func headAndHTTP10(wire: Wire) async throws {
        try await withServer(wire: wire) { port, _ in
            let c = try await connect(port)
            try await c.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try #require(try await c.readResponse(bodyless: true))
            #expect(head.status == 200 && head.header("Content-Length") == "5")
            let get = try #require(try await c.readResponse())
            #expect(get.bodyString == "hello")
            let old = try await connect(port)
            try await old.send("GET /hello HTTP/1.0\r\n\r\n")
            #expect(try await old.readResponse()?.header("Connection") == "close")
            #expect(await old.isClosedByPeer())
            let kept = try await connect(port)
            try await kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await kept.readResponse()?.header("Connection") == "keep-alive")
            try await kept.send("GET /hello HTTP/1.0\r\n\r\n")
            #expect(try await kept.readResponse()?.status == 200)
        }
        try await withServer(wire: wire, host: "::1") { port, _ in
            let c = try await connect(port, host: "::1")
            try await c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await c.readResponse()?.status == 200)
        }
    }

    @Test("Framing errors get 400, a JSON body and close", arguments: Wire.allCases)
    func framingError(wire: Wire) async throws {
        let log = EventLog()
        try await withServer(wire: wire, events: log) { port, _ in
            let c = try await connect(port)
            try await c.send(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            let r = try #require(try await c.readResponse())
            #expect(r.status == 400)
            #expect(r.header("Connection") == "close")
            #expect(r.header("Content-Type") == "application/json")
            #expect(r.bodyString.contains("\"status\":400"))
            #expect(await c.isClosedByPeer())
        }
        #expect(log.statuses == [400])
    }

    @Test("Size limits: 414, 431 by size and by count, 413 before the body is read", arguments: Wire.allCases)
    func sizeLimits(wire: Wire) async throws {
        var limits = relaxedLimits()
        limits.maxRequestLineBytes = 100
        limits.maxHeaderBytes = 300
        limits.maxHeaderCount = 5
        limits.maxBodyBytes = 1000
        try await withServer(wire: wire, limits: limits) { port, _ in
            let cases: [(String, Int)] = [
                ("GET /" + String(repeating: "a", count: 200) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
                ("GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "b", count: 400) + "\r\n\r\n", 431),
                ("GET / HTTP/1.1\r\nHost: x\r\n" + (1...6).map { "X\($0): v\r\n" }.joined() + "\r\n", 431),
                // The body never follows: the 413 must come from Content-Length alone.
                ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n", 413),
                ("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n", 413),
            ]
            for (request, status) in cases {
                let c = try await connect(port)
                try await c.send(request)
                let r = try #require(try await c.readResponse(timeout: .seconds(2)))
                #expect(r.status == status, "\(request.prefix(40))")
                #expect(r.header("Connection") == "close")
                #expect(await c.isClosedByPeer())
            }
            // A chunked body that grows past the limit mid-stream.
            let c = try await connect(port)
            try await c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            try await c.send("200\r\n" + String(repeating: "c", count: 512) + "\r\n")
            try await c.send("300\r\n" + String(repeating: "c", count: 100))
            #expect(try await c.readResponse()?.status == 413)
        }
    }

    @Test("Expect: 100-continue gets 100 before the body is sent", arguments: Wire.allCases)
    func expectContinue(wire: Wire) async throws {
        try await withServer(wire: wire) { port, _ in
            let c = try await connect(port)
            try await c.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            let interim = try #require(try await c.readResponse())
            #expect(interim.status == 100)
            try await c.send("data")
            let final = try #require(try await c.readResponse())
            #expect(final.status == 200 && final.bodyString == "data")
        }
    }

    @Test("Header and body read timeouts answer 408; idle connections close silently", arguments: Wire.allCases)
    func timeouts(wire: Wire) async throws {
        let log = EventLog()
        // The first bytes go out with the connect (and, over TLS, the handshake): the 300 ms idle
        // clock must not run while a busy test run delays this task between the two.
        try await withServer(wire: wire, limits: shortLimits(), events: log) { port, _ in
            let head = try await connect(port, sending: "GET /hello HTTP/1.1\r\nHost: x\r\n")
            let body = try await connect(port, sending: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab")
            let idle = try await connect(port, sending: "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await idle.readResponse()?.status == 200)
            let fresh = try await connect(port)

            let r1 = try #require(try await head.readResponse(timeout: .seconds(2)))
            #expect(r1.status == 408 && r1.header("Connection") == "close")
            let r2 = try #require(try await body.readResponse(timeout: .seconds(2)))
            #expect(r2.status == 408)
            #expect(await idle.isClosedByPeer(timeout: .seconds(2)))
            #expect(await fresh.readToEnd(timeout: .seconds(2)).isEmpty)
            // A slow handler is not cut off by the idle clock (it is longer than the 300 ms timeout).
            let slow = try await connect(port, sending: "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await slow.readResponse()?.bodyString == "slow")
        }
        #expect(log.statuses.sorted() == [408, 408])
    }

    @Test("Connections over the cap get 503 and close", arguments: Wire.allCases)
    func connectionCap(wire: Wire) async throws {
        var limits = relaxedLimits()
        limits.maxConnections = 2
        limits.idleTimeout = .seconds(60)  // a loaded CI machine must not close a or b mid-test
        try await withServer(wire: wire, limits: limits) { port, server in
            let a = try await connect(port)
            let b = try await connect(port)
            for c in [a, b] {
                try await c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try await c.readResponse()?.status == 200)
            }
            switch wire {
            case .plain:
                let extra = try await connect(port)
                let r = try #require(try await extra.readResponse())
                #expect(r.status == 503 && r.header("Connection") == "close")
                #expect(await extra.isClosedByPeer())
            case .tls:
                // Over TLS a plaintext 503 would be garbage to the client: the socket is just closed.
                await #expect(throws: (any Error).self) { _ = try await connect(port) }
            }
            #expect(server.connectionCount == 2)
            a.close()
            for _ in 0..<1000 where server.connectionCount > 1 { try await Task.sleep(for: .milliseconds(10)) }
            let again = try await connect(port)
            try await again.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await again.readResponse()?.status == 200)
        }
    }

    @Test("Graceful stop: in-flight finishes with close, idle closed, new connections refused", arguments: Wire.allCases)
    func gracefulStop(wire: Wire) async throws {
        var limits = shortLimits()
        limits.idleTimeout = .seconds(30)
        // A long grace: finishing well inside it proves the stop waited for the request, not the clock.
        limits.shutdownGracePeriod = .seconds(15)
        let server = HTTPServer(
            host: "127.0.0.1", port: 0, limits: limits, tls: try wire.makeContext(), responder: testRouter())
        let port = try await server.start()
        let gate = holdGates[wire.rawValue]!
        try await Wire.$current.withValue(wire) {
        let idle = try await connect(port)
        try await idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await idle.readResponse()?.status == 200)
        let busy = try await connect(port)
        try await busy.send("GET /hold/\(wire.rawValue) HTTP/1.1\r\nHost: x\r\n\r\n")
        // Stop only once the handler is running, and release it only once stopping has visibly
        // begun (the idle connection is closed): no timing assumption, however loaded the machine.
        for _ in 0..<500 where gate.started.load(ordering: .relaxed) == 0 {
            try await Task.sleep(for: .milliseconds(10))
        }
        let start = ContinuousClock.now
        async let stopped: Void = server.stop()
        #expect(await idle.isClosedByPeer(timeout: .seconds(5)))
        gate.release.store(true, ordering: .relaxed)
        let r = try #require(try await busy.readResponse())
        #expect(r.bodyString == "held" && r.header("Connection") == "close")
        await stopped
        #expect(ContinuousClock.now - start < .seconds(10))
        await #expect(throws: (any Error).self) { _ = try await RawHTTPClient.connect(port: port) }
        }
        await server.stop()  // idempotent
        await server.waitUntilStopped()
    }

    @Test("Stop force-closes a handler that outlives the grace period", arguments: Wire.allCases)
    func forcedStop(wire: Wire) async throws {
        var limits = shortLimits()
        limits.shutdownGracePeriod = .milliseconds(200)
        let server = HTTPServer(
            host: "127.0.0.1", port: 0, limits: limits, tls: try wire.makeContext(), responder: testRouter())
        let port = try await server.start()
        let busy = try await Wire.$current.withValue(wire) {
            try await connect(port, sending: "GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n")
        }
        try await Task.sleep(for: .milliseconds(50))
        let start = ContinuousClock.now
        await server.stop()
        // The handler needs 8 s: returning well before proves the connection was force-closed.
        #expect(ContinuousClock.now - start < .seconds(4))
        #expect(await busy.isClosedByPeer())
    }

    @Test("A client resetting mid-write does not crash the server", arguments: Wire.allCases)
    func resetMidWrite(wire: Wire) async throws {
        try await withServer(wire: wire) { port, _ in
            for _ in 0..<3 {
                let c = try await connect(port)
                try await c.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
                try await Task.sleep(for: .milliseconds(20))
                c.reset()
            }
            try await Task.sleep(for: .milliseconds(100))
            let ok = try await connect(port)
            try await ok.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await ok.readResponse()?.status == 200)
        }
    }

    @Test("Router over the wire: params, 404, 405 with Allow, typed and opaque errors", arguments: Wire.allCases)
    func routing(wire: Wire) async throws {
        try await withServer(wire: wire) { port, _ in
            let c = try await connect(port)
            func get(_ request: String) async throws -> RawHTTPResponse {
                try await c.send(request)
                return try #require(try await c.readResponse())
            }
            #expect(try await get("GET /api/v1/tenants/acme/users/42 HTTP/1.1\r\nHost: x\r\n\r\n").bodyString == "acme/42")
            #expect(try await get("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n").status == 404)
            let m = try await get("PUT /api/v1/tenants/acme/users/42 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
            #expect(m.status == 405 && m.header("Allow") == "GET, DELETE, HEAD")
            let d = try await get("DELETE /api/v1/tenants/acme/users/42 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(d.status == 204 && d.header("Content-Length") == nil)
            #expect(try await get("GET /teapot HTTP/1.1\r\nHost: x\r\n\r\n").status == 418)
            let s = try await get("GET /secret HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(s.status == 500 && !s.bodyString.contains("secret"))
        }
    }

    @Test("Binding a port in use throws a SocketError with errno text")
    func addressInUse() async throws {
        try await withServer { port, _ in
            let second = HTTPServer(host: "127.0.0.1", port: port, responder: testRouter())
            await #expect(throws: SocketError.self) { _ = try await second.start() }
            do { _ = try await second.start() } catch let e as SocketError {
                #expect(e.description.contains("in use"))
            }
        }
    }
}

extension Sequence {
    /// Maps sequentially with an async transform.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for e in self { out.append(try await transform(e)) }
        return out
    }
}
