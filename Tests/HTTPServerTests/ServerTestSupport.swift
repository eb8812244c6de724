// SPDX-License-Identifier: MIT

import Glibc
import HTTPServer
import Synchronization
import Testing
import TestSupport

/// Errors thrown by test routes.
struct TeapotError: HTTPResponseError {
    var status: HTTPStatus { HTTPStatus(code: 418, reason: "I'm a teapot") }
}
struct SecretError: Error, CustomStringConvertible {
    var description: String { "secret database detail" }
}

/// The router used by live tests.
func testRouter() -> Router {
    var router = Router()
    router.add(.get, "/hello") { _, _ in .text(.ok, "hello") }
    router.add(.post, "/echo") { request, _ in HTTPResponse(status: .ok, body: request.body) }
    router.add(.get, "/slow") { _, _ in
        slowRequestsStarted.add(1, ordering: .relaxed)
        try? await Task.sleep(for: .milliseconds(600))
        return .text(.ok, "slow")
    }
    router.add(.get, "/sleep") { _, _ in
        // Far longer than any grace period a test uses: only a forced stop ends it early.
        try? await Task.sleep(for: .seconds(8))
        return .text(.ok, "slept")
    }
    router.add(.get, "/hold/:gate") { _, p in
        // Held until the test releases its gate (at most 10 s), so a test can act while it is in flight.
        guard let gate = holdGates[p["gate"] ?? ""] else { return .text(.notFound, "no gate") }
        gate.started.add(1, ordering: .relaxed)
        for _ in 0..<1000 where !gate.release.load(ordering: .relaxed) { try? await Task.sleep(for: .milliseconds(10)) }
        return .text(.ok, "held")
    }
    router.add(.get, "/big") { _, _ in HTTPResponse(status: .ok, body: [UInt8](repeating: 0x61, count: 8 << 20)) }
    router.add(.get, "/api/v1/tenants/:tenant/users/:id") { _, p in
        .text(.ok, "\(p["tenant"] ?? "-")/\(p["id"] ?? "-")")
    }
    router.add(.delete, "/api/v1/tenants/:tenant/users/:id") { _, _ in HTTPResponse(status: .noContent) }
    router.add(.get, "/scheduling-class") { _, _ in
        // The handler runs on the event-loop thread: its Linux scheduling class (0 = SCHED_OTHER).
        .text(.ok, String(sched_getscheduler(0)))
    }
    router.add(.get, "/teapot") { _, _ in throw TeapotError() }
    router.add(.get, "/secret") { _, _ in throw SecretError() }
    return router
}

/// Collects protocol events.
final class EventLog: Sendable {
    let events = Mutex<[HTTPServerEvent]>([])
    func record(_ e: HTTPServerEvent) { events.withLock { $0.append(e) } }
    var statuses: [Int] { events.withLock { $0.map(\.status.code) } }
}

/// How many `/slow` handlers have started (tests wait on it instead of sleeping).
let slowRequestsStarted = Atomic<Int>(0)
/// A latch for `/hold/:gate` handlers: how many started, and whether they may finish.
final class HoldGate: Sendable {
    /// How many handlers behind this gate have started.
    let started = Atomic<Int>(0)
    /// Set by the test to let them finish.
    let release = Atomic<Bool>(false)
}
/// One gate per graceful-stop test case (they run in parallel), keyed by ``Wire`` raw value.
let holdGates: [String: HoldGate] = Dictionary(uniqueKeysWithValues: Wire.allCases.map { ($0.rawValue, HoldGate()) })

/// Limits for tests that are not about clocks: generous, so a loaded CI machine (tests run in
/// parallel) never trips an idle or header timeout by accident.
func relaxedLimits() -> HTTPServerLimits {
    var limits = HTTPServerLimits()
    limits.headerReadTimeout = .seconds(10)
    limits.bodyReadTimeout = .seconds(10)
    limits.idleTimeout = .seconds(10)
    limits.shutdownGracePeriod = .seconds(3)
    return limits
}

/// Limits with short clocks so timeout tests stay fast.
func shortLimits() -> HTTPServerLimits {
    var limits = HTTPServerLimits()
    limits.headerReadTimeout = .milliseconds(300)
    limits.bodyReadTimeout = .milliseconds(300)
    limits.idleTimeout = .milliseconds(300)
    limits.shutdownGracePeriod = .seconds(3)
    return limits
}

/// What the live tests speak: the same hostile cases run over plain HTTP and over HTTPS.
enum Wire: String, Sendable, CaseIterable, CustomTestStringConvertible {
    /// Plain HTTP/1.1 over TCP.
    case plain
    /// HTTP/1.1 inside TLS, with the shared test certificate.
    case tls

    /// The name shown in test results.
    var testDescription: String { rawValue }

    /// The wire of the current test (set by ``withServer(wire:host:limits:responder:events:_:)``),
    /// read by ``connect(_:)``.
    @TaskLocal static var current = Wire.plain

    /// A TLS context over the shared test certificate, or nil for plain.
    func makeContext() throws -> TLSContext? {
        guard self == .tls else { return nil }
        let certificate = TestCertificate.shared
        return try TLSContext(
            certificateChainPath: certificate.certificatePath, privateKeyPath: certificate.privateKeyPath)
    }
}

/// Runs `body` against a started server on 127.0.0.1:0 and always stops it.
func withServer(
    wire: Wire = .plain,
    host: String = "127.0.0.1",
    limits: HTTPServerLimits = relaxedLimits(),
    responder: any HTTPResponder = testRouter(),
    events: EventLog? = nil,
    _ body: (UInt16, HTTPServer) async throws -> Void
) async throws {
    let server = HTTPServer(host: host, port: 0, limits: limits, tls: try wire.makeContext(), responder: responder) {
        event in
        events?.record(event)
    }
    let port = try await server.start()
    do {
        try await Wire.$current.withValue(wire) { try await body(port, server) }
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

/// Connects a raw client, with a TLS handshake when the current test's wire is TLS, and sends
/// `text` at once (for tests with short idle clocks: over TLS it goes out in the handshake's own
/// queue operation, see ``RawHTTPClient/connectTLS(port:host:options:timeout:sending:)``).
func connect(_ port: UInt16, host: String = "127.0.0.1", sending text: String = "") async throws -> RawHTTPClient {
    switch Wire.current {
    case .plain:
        let client = try await RawHTTPClient.connect(port: port, host: host)
        if !text.isEmpty { try await client.send(text) }
        return client
    case .tls:
        return try await RawHTTPClient.connectTLS(port: port, host: host, sending: Array(text.utf8))
    }
}
