// SPDX-License-Identifier: MIT

internal import COpenSSL
import Foundation

/// A self-signed certificate and its private key, made with the OpenSSL library (no `openssl`
/// command): for trials and tests only; production uses a certificate from a CA (README "TLS").
///
/// The certificate is X.509 v3 (RFC 5280) with a random 128-bit serial, `CN` and a
/// `subjectAltName` for the host (browsers and OpenSSL's host check read only the SAN, RFC 6125
/// §6.4.4), `basicConstraints CA:FALSE`, `keyUsage digitalSignature` (plus `keyEncipherment` for
/// RSA) and `extendedKeyUsage serverAuth`, valid from now for `days`.
public struct SelfSignedCertificate: Sendable {
    /// The key algorithm.
    public enum KeyType: String, Sendable, CaseIterable {
        /// ECDSA on NIST P-256 (the default: Entra requires ECC ≥ 256 bits or RSA ≥ 2048).
        case ec
        /// RSA with a 2048-bit modulus.
        case rsa
    }

    /// The certificate, PEM.
    public let certificatePEM: String
    /// The unencrypted PKCS #8 private key, PEM.
    public let privateKeyPEM: String

    /// Generates a key and a certificate for `host` (a DNS name or an IP literal).
    /// - Throws: ``CryptoError/certificate(_:)`` with OpenSSL's reason.
    public static func generate(host: String, keyType: KeyType = .ec, days: Int = 365) throws(CryptoError)
        -> SelfSignedCertificate
    {
        ERR_clear_error()
        let key = try makeKey(keyType)
        defer { EVP_PKEY_free(key) }
        guard let certificate = X509_new() else { throw .certificate("X509_new: \(CryptoError.lastOpenSSLError())") }
        defer { X509_free(certificate) }
        func require(_ ok: Bool, _ step: String) throws(CryptoError) {
            if !ok { throw .certificate("self-signed certificate: \(step) failed: \(CryptoError.lastOpenSSLError())") }
        }
        try require(X509_set_version(certificate, 2) == 1, "X509_set_version")  // 2 means v3
        // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets, unique per issuer; random here.
        let serialBytes = try SecureRandom.bytes(count: 16)
        guard let serial = BN_bin2bn(serialBytes, Int32(serialBytes.count), nil) else {
            throw .certificate("BN_bin2bn: \(CryptoError.lastOpenSSLError())")
        }
        defer { BN_free(serial) }
        try require(BN_set_bit(serial, 120) == 1, "serial")  // never zero, at most 17 DER octets
        try require(BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(certificate)) != nil, "serial")
        try require(X509_gmtime_adj(X509_getm_notBefore(certificate), 0) != nil, "notBefore")
        try require(X509_gmtime_adj(X509_getm_notAfter(certificate), days * 86_400) != nil, "notAfter")
        try require(X509_set_pubkey(certificate, key) == 1, "X509_set_pubkey")
        let name = X509_get_subject_name(certificate)
        try require(
            X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, host, -1, -1, 0) == 1, "subject CN \(host)")
        try require(X509_set_issuer_name(certificate, name) == 1, "issuer")

        var context = X509V3_CTX()
        X509V3_set_ctx(&context, certificate, certificate, nil, nil, 0)
        let isAddress = host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
        let extensions: [(Int32, String)] = [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, keyType == .rsa ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature"),
            (NID_ext_key_usage, "serverAuth"),
            (NID_subject_key_identifier, "hash"),
            (NID_subject_alt_name, isAddress ? "IP:\(host)" : "DNS:\(host)"),
        ]
        for (nid, value) in extensions {
            guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                throw .certificate("self-signed certificate: extension \(value): \(CryptoError.lastOpenSSLError())")
            }
            defer { X509_EXTENSION_free(ext) }
            try require(X509_add_ext(certificate, ext, -1) == 1, "X509_add_ext")
        }
        try require(X509_sign(certificate, key, EVP_sha256()) > 0, "X509_sign")

        let certificatePEM = try pem { bio in PEM_write_bio_X509(bio, certificate) }
        let keyPEM = try pem { bio in PEM_write_bio_PrivateKey(bio, key, nil, nil, 0, nil, nil) }
        return SelfSignedCertificate(certificatePEM: certificatePEM, privateKeyPEM: keyPEM)
    }

    /// Writes `cert.pem` (mode 0644) and `key.pem` (mode 0600, created that way so the key is
    /// never readable by others, even briefly) into `directory`, creating it (0700) if missing.
    /// - Parameter overwrite: replace existing files; otherwise an existing file is an error.
    /// - Returns: the two paths.
    /// - Throws: ``CryptoError/certificate(_:)`` naming the file and the reason.
    @discardableResult
    public func write(to directory: String, overwrite: Bool = false) throws(CryptoError)
        -> (certificate: String, privateKey: String)
    {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .certificate("cannot create directory \(directory): \(error.localizedDescription)")
        }
        let certificatePath = (directory as NSString).appendingPathComponent("cert.pem")
        let keyPath = (directory as NSString).appendingPathComponent("key.pem")
        if !overwrite {
            for path in [certificatePath, keyPath] where FileManager.default.fileExists(atPath: path) {
                throw .certificate("\(path) already exists (use --force to replace it)")
            }
        }
        try Self.writeFile(keyPath, privateKeyPEM, mode: 0o600)
        try Self.writeFile(certificatePath, certificatePEM, mode: 0o644)
        return (certificatePath, keyPath)
    }

    /// Writes `text` to `path` with `open(O_CREAT|O_TRUNC, mode)` and forces `mode` with `fchmod`
    /// (an existing file keeps its old mode through `open`).
    private static func writeFile(_ path: String, _ text: String, mode: mode_t) throws(CryptoError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw .certificate("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fchmod(fd, mode) == 0 else { throw .certificate("cannot chmod \(path): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .certificate("cannot write \(path): \(String(cString: strerror(errno)))") }
            offset += n
        }
        guard fsync(fd) == 0 else { throw .certificate("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Generates the key pair with the OpenSSL 3 provider API (`EVP_PKEY_keygen`,
    /// https://docs.openssl.org/3.0/man3/EVP_PKEY_keygen/).
    private static func makeKey(_ type: KeyType) throws(CryptoError) -> OpaquePointer {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, type == .ec ? "EC" : "RSA", nil) else {
            throw .certificate("EVP_PKEY_CTX_new_from_name: \(CryptoError.lastOpenSSLError())")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else {
            throw .certificate("EVP_PKEY_keygen_init: \(CryptoError.lastOpenSSLError())")
        }
        let configured =
            type == .ec
            ? EVP_PKEY_CTX_set_group_name(context, "P-256") == 1
            : EVP_PKEY_CTX_set_rsa_keygen_bits(context, 2048) == 1
        guard configured else { throw .certificate("key parameters: \(CryptoError.lastOpenSSLError())") }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen(context, &key) == 1, let key else {
            throw .certificate("EVP_PKEY_keygen: \(CryptoError.lastOpenSSLError())")
        }
        return key
    }

    /// Runs a `PEM_write_bio_*` call against a memory BIO and returns the text.
    private static func pem(_ write: (OpaquePointer) -> Int32) throws(CryptoError) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw .certificate("BIO_new: \(CryptoError.lastOpenSSLError())") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw .certificate("PEM write: \(CryptoError.lastOpenSSLError())") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = BIO_read(bio, &chunk, Int32(chunk.count))
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<Int(n)])
        }
        ERR_clear_error()
        return String(decoding: bytes, as: UTF8.self)
    }
}
