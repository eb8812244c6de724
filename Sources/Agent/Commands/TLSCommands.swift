import Crypto

/// `roster tls self-signed`: writes a self-signed certificate and key for trials, through the
/// OpenSSL library (``SelfSignedCertificate``), never by running the `openssl` command.
struct TLSCommands {
    /// Whether `--json` asked for one JSON document instead of text.
    let json: Bool
    /// Where results (stdout) and diagnostics (stderr) are written.
    let output: any OutputSink

    /// Generates the pair for `host` and writes `cert.pem` and `key.pem` (0600) into `out`.
    func selfSigned(
        out: String, host: String, keyType: SelfSignedCertificate.KeyType, force: Bool
    ) throws(CLIError) -> ExitCode {
        let paths: (certificate: String, privateKey: String)
        do {
            paths = try SelfSignedCertificate.generate(host: host, keyType: keyType).write(to: out, overwrite: force)
        } catch {
            throw .failure("tls self-signed: \(error.description)")
        }
        struct Document: Encodable {
            let certificate: String
            let privateKey: String
            let host: String
            let keyType: String
            let validDays = 365
        }
        let text = """
            wrote \(paths.certificate) (self-signed for \(host), \(keyType == .ec ? "ECDSA P-256" : "RSA 2048"), valid 365 days)
            wrote \(paths.privateKey) (private key, mode 0600)
            add to the config file, then restart roster serve:
              "tls": {"certificate": "\(paths.certificate)", "privateKey": "\(paths.privateKey)"}
            clients must trust cert.pem (e.g. curl --cacert \(paths.certificate) https://\(host):PORT/healthz);
            Okta and Entra need a certificate from a public CA (README "TLS").

            """
        if json {
            output.out(
                OutputDocuments.render(
                    Document(
                        certificate: paths.certificate, privateKey: paths.privateKey, host: host,
                        keyType: keyType.rawValue)))
        } else {
            output.out(text)
        }
        return .success
    }
}
