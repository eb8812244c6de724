import Foundation
import TestSupport
import Testing

@testable import Crypto

/// PEM certificate/key checks for `roster config check`. Key material is generated per run with
/// the `openssl` command; the suite is skipped where it is not installed.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
struct CertificateKeyPairTests {
    /// Makes a self-signed certificate and its key in a fresh directory; returns (cert, key).
    private static func makePair(in directory: String, name: String) throws -> (String, String) {
        let certificate = "\(directory)/\(name).crt"
        let key = "\(directory)/\(name).key"
        let openssl = try Spawn.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
                "-subj", "/CN=\(name)", "-keyout", key, "-out", certificate,
            ])
        try #require(openssl.status == 0, "\(openssl.output)")
        return (certificate, key)
    }

    private static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/roster-pem-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func matchingPairPassesAndMismatchIsReported() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (certificate, key) = try Self.makePair(in: directory, name: "one")
        let (_, otherKey) = try Self.makePair(in: directory, name: "two")
        try CertificateKeyPair.check(certificatePath: certificate, privateKeyPath: key)
        #expect(throws: CryptoError.certificate("private key \(otherKey) does not match certificate \(certificate)")) {
            try CertificateKeyPair.check(certificatePath: certificate, privateKeyPath: otherKey)
        }
    }

    @Test func missingAndNonPEMFilesAreReported() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (certificate, key) = try Self.makePair(in: directory, name: "one")
        let junk = "\(directory)/junk.pem"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: junk))
        #expect(throws: CryptoError.self) { try CertificateKeyPair.check(certificatePath: junk, privateKeyPath: key) }
        #expect(throws: CryptoError.self) { try CertificateKeyPair.check(certificatePath: certificate, privateKeyPath: junk) }
        #expect(throws: CryptoError.self) {
            try CertificateKeyPair.check(certificatePath: "\(directory)/absent.pem", privateKeyPath: key)
        }
        // The key as certificate: not a certificate.
        #expect(throws: CryptoError.self) { try CertificateKeyPair.check(certificatePath: key, privateKeyPath: key) }
    }
}
