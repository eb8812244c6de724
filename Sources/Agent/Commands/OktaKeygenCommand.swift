import Core
import Crypto
import Foundation

/// `okta keygen --out DIR [--kind rsa|ec]`: generates the key pair of an Okta service app
/// (okta-protocol.md C2). Writes `DIR/private-key.pem` with mode 0600 (never overwriting one)
/// and prints the public JWK (RFC 7517) to paste into Okta, with its RFC 7638 thumbprint as
/// `kid`.
struct OktaKeygenCommand {
    /// The private key's file name inside `--out`.
    static let fileName = "private-key.pem"

    /// Print one JSON document instead of the JWK and instructions.
    let json: Bool
    /// Where the JWK (stdout) and the instructions (stderr) go.
    let output: any OutputSink

    /// Generates and writes the key; prints the JWK.
    func run(out directory: String, kind: String) throws(CLIError) -> ExitCode {
        let path = (directory as NSString).appendingPathComponent(Self.fileName)
        let key: SigningKey
        let pem: String
        let jwk: JSONWebKey
        do {
            key = try SigningKey.generate(kind == "ec" ? .ec : .rsa)
            pem = try key.pemEncoded()
            var publicKey = try key.publicJWK()
            publicKey.keyID = publicKey.thumbprint
            jwk = publicKey
        } catch {
            throw .failure("cannot generate a key: \(error.description)")
        }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .failure("cannot create \(directory): \(error.localizedDescription)")
        }
        // O_EXCL: never replace an existing key; 0600 from creation, never briefly wider.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it already exists (remove it first)" : String(cString: strerror(errno))
            throw .failure("cannot write \(path): \(reason)")
        }
        let bytes = Array(pem.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced else {
            unlink(path)
            throw .failure("cannot write \(path)")
        }
        if json {
            let document = JSONValue.object([
                "privateKeyFile": .string(path), "keyID": .string(jwk.keyID ?? ""), "algorithm": .string(key.algorithm.rawValue),
                "jwk": (try? JSONValue.parse(Array(jwk.json.utf8))) ?? .null,
            ])
            output.out(document.serializedString() + "\n")
        } else {
            output.out(jwk.json + "\n")
            output.err(
                """
                wrote the private key to \(path) (mode 0600); it never leaves this host.
                In Okta Admin → Applications → the API Services app → General → Client Credentials, choose
                'Public key / Private key' and add the public JWK above; then run:
                  roster okta configure TENANT CONNECTION --org https://ORG.okta.com --app APP-ID \\
                    --client-id CLIENT-ID --private-key-file \(path) --key-id \(jwk.keyID ?? "")

                """)
        }
        return .success
    }
}
