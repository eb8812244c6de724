internal import COpenSSL

/// Failures of the Crypto module. Digests and MACs cannot fail for valid input; only the random
/// generator can, and then nothing secret may be produced.
public enum CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// OpenSSL's CSPRNG refused to produce bytes; carries OpenSSL's error text.
    case randomUnavailable(String)
    /// A PEM certificate or private key could not be read, or they do not belong together;
    /// carries the file concerned and the reason.
    case certificate(String)

    /// A human-readable explanation.
    public var description: String {
        switch self {
        case .randomUnavailable(let reason): "secure random bytes unavailable: \(reason)"
        case .certificate(let reason): reason
        }
    }

    /// Pops OpenSSL's thread-local error queue into text, captured at the failure site
    /// (https://www.openssl.org/docs/man3.0/man3/ERR_get_error.html).
    static func lastOpenSSLError() -> String {
        let code = ERR_get_error()
        guard code != 0 else { return "unknown OpenSSL error" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
