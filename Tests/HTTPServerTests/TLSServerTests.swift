// SPDX-License-Identifier: MIT

import Crypto
import Foundation
import HTTPServer
import Synchronization
import Testing
import TestSupport

/// HTTPS specifics, live on 127.0.0.1 with a certificate made at test time. The hostile HTTP cases
/// run over TLS too, in ``LiveServerTests`` (every test there takes a ``Wire``).
@Suite("TLS listener")
struct TLSServerTests {
    /// The four GCM suites of Microsoft's TLS 1.2 minimum bar for Entra provisioning (hardening.md §1.3).
    static let entraGCMSuites = [
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256",
    ]

    func get(_ c: RawHTTPClient, _ path: String = "/hello") async throws -> RawHTTPResponse {
        try await c.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n")
        return try #require(try await c.readResponse())
    }

    @Test("TLS 1.2 and 1.3 handshakes verify against the certificate; requests keep alive", arguments: [
        TLSClientOptions.Version.tls1_2, .tls1_3,
    ])
    func handshake(version: TLSClientOptions.Version) async throws {
        let certificate = TestCertificate.shared
        try await withServer(wire: .tls) { port, _ in
            let options = TLSClientOptions(
                minimumVersion: version, maximumVersion: version, serverName: "localhost",
                trustedCertificatePath: certificate.certificatePath, verifyHost: "localhost")
            let c = try await RawHTTPClient.connectTLS(port: port, options: options)
            #expect(c.tlsVersion == (version == .tls1_2 ? "TLSv1.2" : "TLSv1.3"))
            for _ in 0..<3 { #expect(try await get(c).bodyString == "hello") }
            // A name the certificate does not carry fails verification on the client side.
            var wrongHost = options
            wrongHost.verifyHost = "other.example"
            await #expect(throws: RawHTTPClient.ClientError.self) {
                _ = try await RawHTTPClient.connectTLS(port: port, options: wrongHost)
            }
        }
    }

    @Test("TLS 1.1 is refused; a 1.3-only server refuses 1.2")
    func oldVersionsRefused() async throws {
        let log = EventLog()
        try await withServer(wire: .tls, events: log) { port, _ in
            let legacy = TLSClientOptions(minimumVersion: .tls1_1, maximumVersion: .tls1_1, legacy: true)
            await #expect(throws: RawHTTPClient.ClientError.self) {
                _ = try await RawHTTPClient.connectTLS(port: port, options: legacy)
            }
            // The same legacy client offering up to 1.2 gets in: the refusal was the version.
            var upTo12 = legacy
            upTo12.maximumVersion = .tls1_2
            let c = try await RawHTTPClient.connectTLS(port: port, options: upTo12)
            #expect(c.tlsVersion == "TLSv1.2")
        }
        #expect(log.events.withLock { $0.contains { $0.reason.contains("unsupported protocol") } })

        let certificate = TestCertificate.shared
        let context = try TLSContext(
            certificateChainPath: certificate.certificatePath, privateKeyPath: certificate.privateKeyPath,
            minimumVersion: .v1_3)
        let server = HTTPServer(host: "127.0.0.1", port: 0, limits: relaxedLimits(), tls: context, responder: testRouter())
        let port = try await server.start()
        await #expect(throws: RawHTTPClient.ClientError.self) {
            _ = try await RawHTTPClient.connectTLS(port: port, options: .init(maximumVersion: .tls1_2))
        }
        let c = try await RawHTTPClient.connectTLS(port: port)
        #expect(c.tlsVersion == "TLSv1.3")
        await server.stop()
    }

    @Test("TLS 1.2 ciphers: ECDHE with AEAD only, covering Entra's GCM suites for EC and RSA keys")
    func cipherPolicy() async throws {
        let certificate = TestCertificate.shared
        let context = try TLSContext(
            certificateChainPath: certificate.certificatePath, privateKeyPath: certificate.privateKeyPath)
        let enabled = context.enabledTLS12Ciphers
        #expect(Set(Self.entraGCMSuites).isSubset(of: Set(enabled)))
        #expect(enabled.allSatisfy { $0.hasPrefix("ECDHE-") && ($0.contains("GCM") || $0.contains("CHACHA20")) })

        let rsa = try await TestCertificate.makeOffPool(keyType: .rsa)
        for (pair, kind) in [(TestCertificate.shared, "ECDSA"), (rsa, "RSA")] {
            let tls = try TLSContext(certificateChainPath: pair.certificatePath, privateKeyPath: pair.privateKeyPath)
            let server = HTTPServer(host: "127.0.0.1", port: 0, limits: relaxedLimits(), tls: tls, responder: testRouter())
            let port = try await server.start()
            for suite in Self.entraGCMSuites + ["ECDHE-\(kind)-CHACHA20-POLY1305"] where suite.contains("-\(kind)-") {
                let c = try await RawHTTPClient.connectTLS(
                    port: port, options: .init(maximumVersion: .tls1_2, ciphers: suite))
                #expect(c.tlsCipher == suite)
                #expect(try await get(c).status == 200)
            }
            // CBC and non-ECDHE suites are not offered.
            for suite in ["ECDHE-\(kind)-AES128-SHA256", "AES128-GCM-SHA256"] {
                await #expect(throws: RawHTTPClient.ClientError.self, "\(suite)") {
                    _ = try await RawHTTPClient.connectTLS(
                        port: port, options: .init(maximumVersion: .tls1_2, ciphers: suite, legacy: true))
                }
            }
            await server.stop()
        }
    }

    @Test("Any SNI (or none) is served the one certificate")
    func serverNames() async throws {
        try await withServer(wire: .tls) { port, _ in
            for name in ["wrong.example", "localhost", nil] {
                let c = try await RawHTTPClient.connectTLS(port: port, options: .init(serverName: name))
                #expect(try await get(c).status == 200)
            }
        }
    }

    @Test("A stalled handshake is closed at the handshake timeout; resets mid-handshake are harmless")
    func slowHandshake() async throws {
        var limits = relaxedLimits()
        limits.tlsHandshakeTimeout = .milliseconds(300)
        let log = EventLog()
        try await withServer(wire: .tls, limits: limits, events: log) { port, server in
            let hello = TLSClientHello.bytes()
            #expect(hello.count > 100 && hello[0] == 0x16)
            // Half a ClientHello, then nothing.
            let slow = try await RawHTTPClient.connect(port: port)
            try await slow.send(Array(hello[0..<40]))
            // Closed at the 300 ms handshake timeout, long before the 10 s header and idle clocks
            // of these limits would. The bound is loose on purpose: the whole suite runs in
            // parallel on as few as two cores, and the test's own task may resume seconds late.
            let start = ContinuousClock.now
            #expect(await slow.isClosedByPeer(timeout: .seconds(6)))
            #expect(ContinuousClock.now - start < .seconds(6))
            // Connected and silent.
            let silent = try await RawHTTPClient.connect(port: port)
            #expect(await silent.isClosedByPeer(timeout: .seconds(3)))
            // Reset in the middle of a handshake.
            for _ in 0..<5 {
                let c = try await RawHTTPClient.connect(port: port)
                try await c.send(Array(hello[0..<20]))
                c.reset()
            }
            let ok = try await RawHTTPClient.connectTLS(port: port)
            #expect(try await get(ok).status == 200)
            ok.close()
            for _ in 0..<200 where server.connectionCount > 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(server.connectionCount == 0)
        }
        #expect(log.events.withLock { $0.filter { $0.reason == "tls handshake timeout" }.count } >= 2)
    }

    @Test("Plaintext HTTP and garbage on the TLS port get a clean close; the server keeps serving")
    func plaintextAndGarbage() async throws {
        let log = EventLog()
        try await withServer(wire: .tls, events: log) { port, _ in
            // Plain HTTP: a plaintext 400 saying why (as nginx does), then FIN; never the route.
            let plain = try await RawHTTPClient.connect(port: port)
            try await plain.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Pad: \(String(repeating: "p", count: 2000))\r\n\r\n")
            let refusal = try #require(try await plain.readResponse(timeout: .seconds(3)))
            #expect(refusal.status == 400 && refusal.header("Connection") == "close")
            #expect(refusal.bodyString.contains("HTTPS"))
            #expect(await plain.isClosedByPeer())
            var garbage = [UInt8](repeating: 0, count: 517)
            for round in 0..<5 {
                for i in garbage.indices { garbage[i] = UInt8.random(in: 0...255) }
                if round == 0 {
                    // A well-framed handshake record holding a ClientHello of exactly the remaining
                    // 508 random bytes: OpenSSL has it all and must reject its content.
                    garbage.replaceSubrange(0..<9, with: [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC])
                } else {
                    // Not a TLS record: a 7-bit first byte and a bad version byte.
                    garbage[0] &= 0x7F
                    garbage[1] = 0xFF
                }
                let c = try await RawHTTPClient.connect(port: port)
                try? await c.send(garbage)
                #expect(await c.isClosedByPeer(timeout: .seconds(3)))
            }
            // A real handshake followed by garbage inside the TLS stream is an HTTP 400.
            let tls = try await RawHTTPClient.connectTLS(port: port)
            try await tls.send([0x00, 0xff, 0x16, 0x03, 0x01] + Array("\r\n\r\n".utf8))
            #expect(try await tls.readResponse()?.status == 400)
            let ok = try await RawHTTPClient.connectTLS(port: port)
            #expect(try await get(ok).status == 200)
        }
        #expect(log.events.withLock { $0.contains { $0.reason.contains("http request") } })
    }

    @Test("A TLS ClientHello sent to a plain port gets 400 and close")
    func clientHelloOnPlainPort() async throws {
        let log = EventLog()
        try await withServer(wire: .plain, events: log) { port, _ in
            let c = try await RawHTTPClient.connect(port: port)
            try await c.send(TLSClientHello.bytes())
            let r = try #require(try await c.readResponse(timeout: .seconds(3)))
            #expect(r.status == 400 && r.header("Connection") == "close")
            #expect(await c.isClosedByPeer())
            // A TLS client pointed at the plain port fails fast instead of hanging.
            await #expect(throws: RawHTTPClient.ClientError.self) { _ = try await RawHTTPClient.connectTLS(port: port) }
        }
        #expect(log.statuses.first == 400)
    }

    @Test("Replacing the context serves the new certificate to new handshakes; open connections keep going")
    func reload() async throws {
        let first = try TestCertificate.make(host: "first.localhost")
        let second = try TestCertificate.make(host: "second.localhost")
        let context = try TLSContext(certificateChainPath: first.certificatePath, privateKeyPath: first.privateKeyPath)
        let server = HTTPServer(host: "127.0.0.1", port: 0, limits: relaxedLimits(), tls: context, responder: testRouter())
        let port = try await server.start()
        let old = try await RawHTTPClient.connectTLS(port: port)
        #expect(old.peerCertificateSubject == "CN=first.localhost")
        #expect(try await get(old).status == 200)
        let next = try TLSContext(certificateChainPath: second.certificatePath, privateKeyPath: second.privateKeyPath)
        #expect(server.replaceTLSContext(next))
        let fresh = try await RawHTTPClient.connectTLS(port: port)
        #expect(fresh.peerCertificateSubject == "CN=second.localhost")
        #expect(try await get(fresh).status == 200)
        #expect(try await get(old).status == 200)  // the old connection was not dropped
        await server.stop()
        // A plain server is never switched to TLS.
        let plain = HTTPServer(host: "127.0.0.1", port: 0, responder: testRouter())
        #expect(!plain.replaceTLSContext(next))
    }

    @Test("Bad pairs are refused with the file and OpenSSL's reason")
    func badPairs() throws {
        let a = try TestCertificate.make(host: "a.localhost")
        let b = try TestCertificate.make(host: "b.localhost")
        #expect(throws: TLSError.self) {
            try TLSContext(certificateChainPath: a.certificatePath, privateKeyPath: b.privateKeyPath)
        }
        do {
            _ = try TLSContext(certificateChainPath: a.certificatePath, privateKeyPath: b.privateKeyPath)
        } catch {
            #expect(error.message.contains("does not match"))
        }
        do {
            _ = try TLSContext(certificateChainPath: "/nonexistent/cert.pem", privateKeyPath: b.privateKeyPath)
        } catch {
            #expect(error.message.contains("/nonexistent/cert.pem"))
        }
        do {
            _ = try TLSContext(certificateChainPath: a.privateKeyPath, privateKeyPath: a.privateKeyPath)
        } catch {
            #expect(error.message.contains("cannot load certificate chain"))
        }
        let context = try TLSContext(certificateChainPath: a.certificatePath, privateKeyPath: a.privateKeyPath)
        #expect(context.certificateSubject == "CN=a.localhost")
        #expect(context.certificateNotAfter.hasSuffix("GMT"))
    }
}
