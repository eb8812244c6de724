// SPDX-License-Identifier: MIT

import Crypto
import Dispatch
import Foundation

/// A self-signed certificate made at test time with ``SelfSignedCertificate`` (the code behind
/// `roster tls self-signed`), written to a fresh temporary directory.
public struct TestCertificate: Sendable {
    /// The directory holding `cert.pem` and `key.pem`.
    public let directory: String
    /// `cert.pem`.
    public let certificatePath: String
    /// `key.pem`.
    public let privateKeyPath: String

    /// Generates a pair for `host` into a new temporary directory.
    public static func make(host: String = "localhost", keyType: SelfSignedCertificate.KeyType = .ec) throws
        -> TestCertificate
    {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("roster-tls-\(UUID().uuidString)").path
        let pair = try SelfSignedCertificate.generate(host: host, keyType: keyType)
        // Written without SelfSignedCertificate.write's fsync: tests run on a handful of cooperative
        // threads, and an fsync behind the suite's SQLite commits can block one for seconds.
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let certificate = directory + "/cert.pem"
        let key = directory + "/key.pem"
        try Data(pair.certificatePEM.utf8).write(to: URL(fileURLWithPath: certificate))
        try Data(pair.privateKeyPEM.utf8).write(to: URL(fileURLWithPath: key))
        return TestCertificate(directory: directory, certificatePath: certificate, privateKeyPath: key)
    }

    /// Generates a pair on a Dispatch queue: RSA key generation takes long enough (up to seconds
    /// on a loaded machine) that doing it on one of the few cooperative threads would stall other
    /// tests' clients while their servers' clocks keep running.
    public static func makeOffPool(host: String = "localhost", keyType: SelfSignedCertificate.KeyType = .ec)
        async throws -> TestCertificate
    {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try make(host: host, keyType: keyType) })
            }
        }
    }

    /// One EC pair for `localhost` (a P-256 key takes about a millisecond), made once per process.
    public static let shared: TestCertificate = try! make()
}
