// SPDX-License-Identifier: MIT

internal import COpenSSL

/// A server-side OpenSSL context (`SSL_CTX`): the certificate chain, its private key, the protocol
/// floor and the cipher policy every new handshake uses.
///
/// A context is immutable once built. Reloading certificates (SIGHUP) builds a new context and hands
/// it to ``HTTPServer/replaceTLSContext(_:)``; handshakes already running keep the old one, because
/// each `SSL` object holds a reference on the `SSL_CTX` it was made from
/// (https://docs.openssl.org/3.0/man3/SSL_new/), so replacing the context drops no connection.
///
/// `@unchecked Sendable`: the `SSL_CTX` is fully configured in `init` and never changed afterwards;
/// OpenSSL documents `SSL_new` on a shared, no-longer-modified `SSL_CTX` as safe from any thread
/// (https://docs.openssl.org/3.0/man7/openssl-threads/), and the pointer is freed only in `deinit`.
public final class TLSContext: @unchecked Sendable {
    /// The `SSL_CTX *`.
    let context: OpaquePointer
    /// The lowest protocol version accepted.
    public let minimumVersion: TLSVersion
    /// The leaf certificate's subject, e.g. `CN=roster.example.com`, for logs.
    public let certificateSubject: String
    /// The leaf certificate's `notAfter`, e.g. `Nov 29 13:00:00 2027 GMT`, for logs.
    public let certificateNotAfter: String

    /// The TLS 1.2 cipher list: ECDHE key exchange (forward secrecy) with AES-GCM or
    /// ChaCha20-Poly1305 only, ECDSA before RSA, AES-128 before AES-256 (Mozilla "intermediate").
    /// It contains the four GCM suites of Microsoft's minimum bar for Entra provisioning
    /// (TLS_ECDHE_{RSA,ECDSA}_WITH_AES_{128,256}_GCM_SHA{256,384}; hardening.md §1.3), so every
    /// client meeting that bar shares a suite with us; the CBC suites of that list are left out
    /// (RFC 9325 §4.2 recommends AEAD only). TLS 1.3 suites are OpenSSL's defaults (all AEAD,
    /// RFC 8446 §9.1), set apart by `SSL_CTX_set_ciphersuites`, which we do not call.
    public static let tls12CipherList = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    /// Loads a PEM certificate chain (leaf first, then intermediates) and its PEM private key.
    /// An encrypted key is refused instead of prompting for a passphrase.
    /// - Throws: ``TLSError`` naming the file and OpenSSL's reason.
    public init(certificateChainPath: String, privateKeyPath: String, minimumVersion: TLSVersion = .v1_2)
        throws(TLSError)
    {
        let context = try Self.makeContext(
            certificateChainPath: certificateChainPath, privateKeyPath: privateKeyPath, minimumVersion: minimumVersion)
        self.context = context
        self.minimumVersion = minimumVersion
        let leaf = SSL_CTX_get0_certificate(context)
        certificateSubject = Self.text { bio in
            X509_NAME_print_ex(bio, X509_get_subject_name(leaf), 0, roster_XN_FLAG_RFC2253())
        }
        certificateNotAfter = Self.text { bio in ASN1_TIME_print(bio, X509_get0_notAfter(leaf)) }
    }

    deinit { SSL_CTX_free(context) }

    /// The TLS 1.2 cipher suites this context enables, by OpenSSL name (for tests and `config check`).
    public var enabledTLS12Ciphers: [String] {
        guard let stack = SSL_CTX_get_ciphers(context) else { return [] }
        var names: [String] = []
        for index in 0..<OPENSSL_sk_num(stack) {
            guard let cipher = OPENSSL_sk_value(stack, index) else { continue }
            let typed = OpaquePointer(cipher)
            // TLS 1.3 suites are listed too; keep those a TLS 1.2 handshake can pick.
            guard let version = SSL_CIPHER_get_version(typed), String(cString: version) != "TLSv1.3",
                let name = SSL_CIPHER_get_name(typed)
            else { continue }
            names.append(String(cString: name))
        }
        return names
    }

    /// Creates and configures the `SSL_CTX`; frees it again if any step fails.
    private static func makeContext(certificateChainPath: String, privateKeyPath: String, minimumVersion: TLSVersion)
        throws(TLSError) -> OpaquePointer
    {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw TLSError("cannot create a TLS context: \(TLSError.drainOpenSSLErrors())")
        }
        var configured = false
        defer { if !configured { SSL_CTX_free(context) } }
        guard roster_SSL_CTX_set_min_proto_version(context, minimumVersion.openSSLVersion) == 1,
            roster_SSL_CTX_set_max_proto_version(context, 0) == 1
        else {
            throw TLSError("cannot set the TLS protocol range: \(TLSError.drainOpenSSLErrors())")
        }
        // No TLS compression (CRIME), no renegotiation (client-initiated renegotiation is a CPU DoS,
        // RFC 8446 removed it), our cipher order wins, and a peer closing without close_notify reads
        // as end-of-stream rather than an error (https://docs.openssl.org/3.0/man3/SSL_CTX_set_options/).
        SSL_CTX_set_options(
            context,
            roster_SSL_OP_NO_COMPRESSION() | roster_SSL_OP_NO_RENEGOTIATION()
                | roster_SSL_OP_CIPHER_SERVER_PREFERENCE() | roster_SSL_OP_IGNORE_UNEXPECTED_EOF())
        guard SSL_CTX_set_cipher_list(context, tls12CipherList) == 1 else {
            throw TLSError("cannot set the TLS 1.2 cipher list: \(TLSError.drainOpenSSLErrors())")
        }
        // Non-blocking writes: return after each record written, and allow the retry of a write that
        // hit SSL_ERROR_WANT_WRITE to pass a buffer at another address (https://docs.openssl.org/3.0/man3/SSL_CTX_set_mode/).
        _ = roster_SSL_CTX_set_mode(
            context, roster_SSL_MODE_ENABLE_PARTIAL_WRITE() | roster_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER())
        // One recv per batch of records instead of two per record (header, then body): requests
        // are small, so this halves the syscalls of a kept-alive connection.
        roster_SSL_CTX_set_read_ahead(context, 1)
        // OpenSSL's default passphrase callback reads the terminal; a service must fail instead.
        let noPassphrase: @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?)
            -> Int32 = { _, _, _, _ in 0 }
        SSL_CTX_set_default_passwd_cb(context, noPassphrase)
        guard SSL_CTX_use_certificate_chain_file(context, certificateChainPath) == 1 else {
            throw TLSError("cannot load certificate chain \(certificateChainPath): \(TLSError.drainOpenSSLErrors())")
        }
        guard SSL_CTX_use_PrivateKey_file(context, privateKeyPath, SSL_FILETYPE_PEM) == 1 else {
            let reason = TLSError.drainOpenSSLErrors()
            // OpenSSL checks the pair while loading the key (X509_R_KEY_VALUES_MISMATCH).
            if reason.contains("key values mismatch") {
                throw TLSError("private key \(privateKeyPath) does not match certificate \(certificateChainPath)")
            }
            throw TLSError("cannot load private key \(privateKeyPath) (PEM, unencrypted): \(reason)")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            ERR_clear_error()
            throw TLSError("private key \(privateKeyPath) does not match certificate \(certificateChainPath)")
        }
        configured = true
        return context
    }

    /// Runs `print` against a memory BIO and returns what it wrote.
    private static func text(_ print: (OpaquePointer) -> Int32) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { return "?" }
        defer { BIO_free(bio) }
        _ = print(bio)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256)
        while true {
            let n = BIO_read(bio, &chunk, Int32(chunk.count))
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<Int(n)])
        }
        ERR_clear_error()
        return String(decoding: bytes, as: UTF8.self)
    }
}
