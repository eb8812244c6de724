internal import COpenSSL

/// Checks a PEM certificate and private key before a server is configured with them, so a
/// mismatch is reported by `roster config check` instead of at the first TLS handshake.
public enum CertificateKeyPair {
    /// Loads the first certificate of the PEM file at `certificatePath` and the PEM private key at
    /// `privateKeyPath`, and checks that the key belongs to the certificate with
    /// `X509_check_private_key` (https://docs.openssl.org/3.0/man3/X509_check_private_key/).
    /// An encrypted key is refused rather than prompting for a passphrase.
    /// - Throws: ``CryptoError/certificate(_:)`` naming the file and OpenSSL's reason.
    public static func check(certificatePath: String, privateKeyPath: String) throws(CryptoError) {
        ERR_clear_error()
        guard let certificateFile = BIO_new_file(certificatePath, "r") else {
            throw .certificate("cannot open certificate \(certificatePath): \(CryptoError.lastOpenSSLError())")
        }
        defer { BIO_free(certificateFile) }
        guard let certificate = PEM_read_bio_X509(certificateFile, nil, nil, nil) else {
            throw .certificate("\(certificatePath) holds no PEM certificate: \(CryptoError.lastOpenSSLError())")
        }
        defer { X509_free(certificate) }

        guard let keyFile = BIO_new_file(privateKeyPath, "r") else {
            throw .certificate("cannot open private key \(privateKeyPath): \(CryptoError.lastOpenSSLError())")
        }
        defer { BIO_free(keyFile) }
        // A passphrase callback that supplies none: OpenSSL's default would read the terminal.
        let noPassphrase: @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?)
            -> Int32 = { _, _, _, _ in 0 }
        guard let key = PEM_read_bio_PrivateKey(keyFile, nil, noPassphrase, nil) else {
            throw .certificate(
                "\(privateKeyPath) holds no unencrypted PEM private key: \(CryptoError.lastOpenSSLError())")
        }
        defer { EVP_PKEY_free(key) }
        guard X509_check_private_key(certificate, key) == 1 else {
            ERR_clear_error()
            throw .certificate("private key \(privateKeyPath) does not match certificate \(certificatePath)")
        }
    }
}
