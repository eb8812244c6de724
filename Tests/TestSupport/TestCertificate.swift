// SPDX-License-Identifier: MIT

import Crypto
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
        let (certificate, key) = try pair.write(to: directory)
        return TestCertificate(directory: directory, certificatePath: certificate, privateKeyPath: key)
    }

    /// One EC pair for `localhost`, made once per test process.
    public static let shared: TestCertificate = try! make()

    /// One RSA 2048 pair for `localhost`, made once per test process.
    public static let sharedRSA: TestCertificate = try! make(keyType: .rsa)
}
