// SPDX-License-Identifier: MIT

import COpenSSL
import Dispatch
import Glibc

/// How ``RawHTTPClient/connectTLS(port:host:options:)`` handshakes.
public struct TLSClientOptions: Sendable {
    /// Protocol versions a test may pin (OpenSSL constants).
    public enum Version: Int32, Sendable {
        /// TLS 1.1: only to check that the server refuses it.
        case tls1_1 = 0x0302
        /// TLS 1.2.
        case tls1_2 = 0x0303
        /// TLS 1.3.
        case tls1_3 = 0x0304
    }
    /// Lowest version offered (nil: the library default).
    public var minimumVersion: Version?
    /// Highest version offered (nil: the newest).
    public var maximumVersion: Version?
    /// TLS 1.2 cipher list offered (OpenSSL names; nil: the default).
    public var ciphers: String?
    /// SNI sent (nil: none).
    public var serverName: String?
    /// PEM file of trusted certificates; when set, the server's chain is verified against it and,
    /// with ``verifyHost``, the certificate must name that host.
    public var trustedCertificatePath: String?
    /// Host name the certificate must match (checked only with ``trustedCertificatePath``).
    public var verifyHost: String?
    /// Drop OpenSSL's security level to 0, so that TLS 1.1 and old ciphers can even be offered.
    public var legacy = false

    /// Default options: any version from the library's floor, no verification.
    public init(
        minimumVersion: Version? = nil, maximumVersion: Version? = nil, ciphers: String? = nil,
        serverName: String? = nil, trustedCertificatePath: String? = nil, verifyHost: String? = nil,
        legacy: Bool = false
    ) {
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
        self.ciphers = ciphers
        self.serverName = serverName
        self.trustedCertificatePath = trustedCertificatePath
        self.verifyHost = verifyHost
        self.legacy = legacy
    }
}

extension RawHTTPClient {
    /// Connects to `host:port` and completes a TLS handshake within `timeout`.
    /// - Parameter sending: bytes sent right after the handshake, in the same queue operation:
    ///   without a trip back through the cooperative pool, whose delay under a busy test run
    ///   could exceed a server's short idle timeout (which starts when the handshake completes).
    /// - Throws: ``ClientError/tls(_:)`` with OpenSSL's reason when the handshake fails.
    public static func connectTLS(
        port: UInt16, host: String = "127.0.0.1", options: TLSClientOptions = .init(), timeout: Duration = .seconds(5),
        sending: [UInt8] = []
    ) async throws -> RawHTTPClient {
        let client = try await connect(port: port, host: host)
        try await client.onQueue { [client] in
            try client.handshakeBlocking(options, timeout: timeout)
            if !sending.isEmpty { try client.sendTLS(sending) }
        }
        return client
    }

    /// The negotiated protocol (`TLSv1.2`, `TLSv1.3`).
    public var tlsVersion: String? {
        queue.sync { ssl.map { String(cString: SSL_get_version($0)) } }
    }

    /// The negotiated cipher suite's OpenSSL name.
    public var tlsCipher: String? {
        queue.sync { ssl.flatMap { SSL_get_current_cipher($0) }.flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) } }
    }

    /// The server certificate's subject (RFC 2253), to tell certificates apart after a reload.
    public var peerCertificateSubject: String? {
        queue.sync {
            guard let ssl, let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
            defer { X509_free(certificate) }
            guard let bio = BIO_new(BIO_s_mem()) else { return nil }
            defer { BIO_free(bio) }
            X509_NAME_print_ex(bio, X509_get_subject_name(certificate), 0, roster_XN_FLAG_RFC2253())
            var chunk = [UInt8](repeating: 0, count: 512)
            let n = BIO_read(bio, &chunk, Int32(chunk.count))
            return n > 0 ? String(decoding: chunk[0..<Int(n)], as: UTF8.self) : ""
        }
    }

    /// Builds the client `SSL`, switches the socket to non-blocking and handshakes with `poll`.
    func handshakeBlocking(_ options: TLSClientOptions, timeout: Duration) throws {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw ClientError.tls("SSL_CTX_new") }
        defer { SSL_CTX_free(context) }  // the SSL keeps its own reference
        if options.legacy {
            SSL_CTX_set_security_level(context, 0)
            _ = SSL_CTX_set_cipher_list(context, "DEFAULT:@SECLEVEL=0")
        }
        if let minimum = options.minimumVersion { _ = roster_SSL_CTX_set_min_proto_version(context, minimum.rawValue) }
        if let maximum = options.maximumVersion { _ = roster_SSL_CTX_set_max_proto_version(context, maximum.rawValue) }
        if let ciphers = options.ciphers, SSL_CTX_set_cipher_list(context, ciphers) != 1 {
            throw ClientError.tls("cipher list \(ciphers)")
        }
        if let trusted = options.trustedCertificatePath {
            guard SSL_CTX_load_verify_locations(context, trusted, nil) == 1 else {
                throw ClientError.tls("cannot load \(trusted)")
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        }
        guard let ssl = SSL_new(context) else { throw ClientError.tls("SSL_new") }
        self.ssl = ssl
        if let name = options.serverName { _ = roster_SSL_set_tlsext_host_name(ssl, name) }
        if options.trustedCertificatePath != nil, let host = options.verifyHost {
            _ = SSL_set1_host(ssl, host)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        SSL_set_fd(ssl, fd)
        SSL_set_connect_state(ssl)
        let end = ContinuousClock.now + timeout
        while true {
            ERR_clear_error()
            let rc = SSL_do_handshake(ssl)
            if rc == 1 { return }
            let error = SSL_get_error(ssl, rc)
            switch error {
            case SSL_ERROR_WANT_READ:
                guard waitReady(POLLIN, until: end) else { throw ClientError.timeout }
            case SSL_ERROR_WANT_WRITE:
                guard waitReady(POLLOUT, until: end) else { throw ClientError.timeout }
            default:
                let code = ERR_get_error()
                var text = [CChar](repeating: 0, count: 256)
                ERR_error_string_n(code, &text, text.count)
                let verify = SSL_get_verify_result(ssl)
                ERR_clear_error()
                throw ClientError.tls(
                    "handshake failed (SSL error \(error), verify \(verify)): "
                        + String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
        }
    }

    /// `poll` for `events` until `end`; false on timeout.
    func waitReady(_ events: Int32, until end: ContinuousClock.Instant) -> Bool {
        let remaining = end - ContinuousClock.now
        let (seconds, attos) = remaining.components
        let ms = max(0, Int32(clamping: seconds * 1000 + attos / 1_000_000_000_000_000))
        var pfd = pollfd(fd: fd, events: Int16(events), revents: 0)
        return poll(&pfd, 1, ms) > 0
    }

    /// Encrypts and sends everything (on `queue`).
    func sendTLS(_ bytes: [UInt8]) throws {
        guard let ssl else { return }
        let end = ContinuousClock.now + .seconds(10)
        var offset = 0
        while offset < bytes.count {
            ERR_clear_error()
            var written = 0
            let ok = bytes.withUnsafeBytes { SSL_write_ex(ssl, $0.baseAddress! + offset, $0.count - offset, &written) }
            if ok == 1 {
                offset += written
                continue
            }
            switch SSL_get_error(ssl, 0) {
            case SSL_ERROR_WANT_WRITE: guard waitReady(POLLOUT, until: end) else { throw ClientError.timeout }
            case SSL_ERROR_WANT_READ: guard waitReady(POLLIN, until: end) else { throw ClientError.timeout }
            default:
                ERR_clear_error()
                throw ClientError.send(EPIPE)
            }
        }
    }

    /// One decrypted read (on `queue`): the bytes and the count, 0 on close_notify or EOF,
    /// -1 on a reset or TLS failure, -2 on timeout.
    func fillTLS(until end: ContinuousClock.Instant) -> ([UInt8], Int) {
        guard let ssl else { return ([], -1) }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            ERR_clear_error()
            var count = 0
            if chunk.withUnsafeMutableBytes({ SSL_read_ex(ssl, $0.baseAddress, $0.count, &count) }) == 1 {
                return (Array(chunk[0..<count]), count)
            }
            switch SSL_get_error(ssl, 0) {
            case SSL_ERROR_WANT_READ:
                if !waitReady(POLLIN, until: end) { return ([], -2) }
            case SSL_ERROR_WANT_WRITE:
                if !waitReady(POLLOUT, until: end) { return ([], -2) }
            case SSL_ERROR_ZERO_RETURN:
                return ([], 0)
            case SSL_ERROR_SYSCALL:
                // OpenSSL 3 reports a FIN without close_notify as an "unexpected eof" SSL error,
                // a reset as SYSCALL; both mean the server is gone.
                ERR_clear_error()
                return ([], errno == 0 ? 0 : -1)
            default:
                let reason = ERR_peek_error()
                ERR_clear_error()
                // "unexpected eof while reading": the server closed without close_notify.
                return ([], ERR_GET_REASON(reason) == SSL_R_UNEXPECTED_EOF_WHILE_READING ? 0 : -1)
            }
        }
    }
}

/// Wire bytes a TLS client sends first, produced by a real OpenSSL client over memory BIOs.
public enum TLSClientHello {
    /// A complete TLS ClientHello record (TLS 1.2–1.3 offer, SNI `localhost`).
    public static func bytes() -> [UInt8] {
        guard let context = SSL_CTX_new(TLS_client_method()) else { return [] }
        defer { SSL_CTX_free(context) }
        guard let ssl = SSL_new(context) else { return [] }
        defer { SSL_free(ssl) }  // frees both BIOs
        guard let input = BIO_new(BIO_s_mem()), let output = BIO_new(BIO_s_mem()) else { return [] }
        SSL_set_bio(ssl, input, output)
        _ = roster_SSL_set_tlsext_host_name(ssl, "localhost")
        SSL_set_connect_state(ssl)
        _ = SSL_do_handshake(ssl)  // wants to read the ServerHello; the ClientHello is in `output`
        ERR_clear_error()
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = BIO_read(output, &chunk, Int32(chunk.count))
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<Int(n)])
        }
        return bytes
    }
}
