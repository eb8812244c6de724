import CurlTransport
import Foundation
import HTTPServer
import Testing

/// Live tests of the libcurl client against the project's own HTTP server on 127.0.0.1:0.
@Suite struct CurlHTTPClientTests {
    /// A server with the routes these tests need; `body` gets its base URL.
    func withServer(_ body: (String) async throws -> Void) async throws {
        var router = Router()
        router.add(.get, "/echo") { request, _ in
            let auth = request.headers["Authorization"] ?? "-"
            return HTTPResponse(status: .ok, headers: ["X-Seen": auth, "X-Two": "a"], body: Array("hello".utf8))
        }
        router.add(.get, "/status/:code") { _, parameters in
            let code = Int(parameters["code"] ?? "500") ?? 500
            return HTTPResponse(status: HTTPStatus(code: code, reason: "Test"), body: Array("{}".utf8))
        }
        router.add(.get, "/redirect") { _, _ in
            HTTPResponse(status: HTTPStatus(code: 302, reason: "Found"), headers: ["Location": "/echo"])
        }
        router.add(.post, "/form") { request, _ in
            HTTPResponse(
                status: .ok, headers: ["X-Type": request.headers["Content-Type"] ?? "-"],
                body: Array("\(request.method.rawValue) \(request.bodyString)".utf8))
        }
        router.add(.get, "/big") { _, _ in HTTPResponse(status: .ok, body: [UInt8](repeating: 0x61, count: 200_000)) }
        router.add(.get, "/slow") { _, _ in
            try? await Task.sleep(for: .milliseconds(1500))
            return .text(.ok, "late")
        }
        let server = HTTPServer(host: "127.0.0.1", port: 0, responder: router)
        let port = try await server.start()
        do {
            try await body("http://127.0.0.1:\(port)")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func getReturnsStatusHeadersAndBody() async throws {
        try await withServer { base in
            let client = CurlHTTPClient()
            let response = try await client.send(
                HTTPClientRequest(url: base + "/echo", headers: [HTTPClientHeader("Authorization", "SSWS abc")]))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "hello")
            #expect(response.header("x-seen") == "SSWS abc")
            #expect(response.header("X-TWO") == "a")
            #expect(response.header("content-length") == "5")
        }
    }

    @Test func errorStatusesAreResponsesNotErrors() async throws {
        try await withServer { base in
            let response = try await CurlHTTPClient().send(HTTPClientRequest(url: base + "/status/503"))
            #expect(response.status == 503)
        }
    }

    @Test func redirectsAreNotFollowed() async throws {
        try await withServer { base in
            let response = try await CurlHTTPClient().send(HTTPClientRequest(url: base + "/redirect"))
            #expect(response.status == 302)
            #expect(response.header("Location") == "/echo")
        }
    }

    @Test func responseSizeCapFailsTheRequest() async throws {
        try await withServer { base in
            let request = HTTPClientRequest(url: base + "/big", maxResponseBytes: 100_000)
            await #expect(throws: CurlError.self) {
                _ = try await CurlHTTPClient().send(request)
            }
            do {
                _ = try await CurlHTTPClient().send(request)
            } catch let error as CurlError {
                #expect(error.kind == .responseTooLarge)
            }
        }
    }

    @Test func totalTimeoutIsEnforced() async throws {
        try await withServer { base in
            let started = ContinuousClock.now
            do {
                _ = try await CurlHTTPClient().send(HTTPClientRequest(url: base + "/slow", timeout: .milliseconds(300)))
                Issue.record("expected a timeout")
            } catch let error as CurlError {
                #expect(error.kind == .timeout)
                #expect(error.code == 28)
                #expect(error.isRetryable)
            }
            // The error kind proves the timeout fired (the route answers after 1.5 s); the bound
            // only proves nothing hung, generous for a loaded CI machine.
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test func connectionRefusedIsATransportError() async throws {
        // Bind a server, note its port, stop it: nothing listens there any more.
        let server = HTTPServer(host: "127.0.0.1", port: 0, responder: Router())
        let port = try await server.start()
        await server.stop()
        do {
            _ = try await CurlHTTPClient().send(HTTPClientRequest(url: "http://127.0.0.1:\(port)/x"))
            Issue.record("expected an error")
        } catch let error as CurlError {
            #expect(error.kind == .transport)
            #expect(error.code == 7)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func unsupportedSchemesAreRefused() async throws {
        do {
            _ = try await CurlHTTPClient().send(HTTPClientRequest(url: "file:///etc/passwd"))
            Issue.record("expected an error")
        } catch let error as CurlError {
            #expect(error.kind == .invalidRequest)
        }
    }

    @Test func headerInjectionIsRefused() async throws {
        await #expect(throws: CurlError.self) {
            _ = try await CurlHTTPClient().send(
                HTTPClientRequest(url: "http://127.0.0.1:1/", headers: [HTTPClientHeader("X", "a\r\nEvil: 1")]))
        }
    }

    @Test func cancellationAbortsTheTransfer() async throws {
        try await withServer { base in
            let client = CurlHTTPClient()
            let task = Task { try await client.send(HTTPClientRequest(url: base + "/slow", timeout: .seconds(10))) }
            try await Task.sleep(for: .milliseconds(200))
            let started = ContinuousClock.now
            task.cancel()
            await #expect(throws: CancellationError.self) { _ = try await task.value }
            // The error kind proves the timeout fired (the route answers after 1.5 s); the bound
            // only proves nothing hung, generous for a loaded CI machine.
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test func postSendsAFormBody() async throws {
        try await withServer { base in
            let body = HTTPClientRequest.formBody([("grant_type", "client_credentials"), ("scope", "a.read b.read"), ("x", "1+2=3&")])
            #expect(String(decoding: body, as: UTF8.self) == "grant_type=client_credentials&scope=a.read%20b.read&x=1%2B2%3D3%26")
            let response = try await CurlHTTPClient().send(
                .post(
                    url: base + "/form", headers: [HTTPClientHeader("Content-Type", "application/x-www-form-urlencoded")],
                    body: body))
            #expect(response.status == 200)
            #expect(response.header("x-type") == "application/x-www-form-urlencoded")
            #expect(String(decoding: response.body, as: UTF8.self) == "POST " + String(decoding: body, as: UTF8.self))
        }
    }
}
