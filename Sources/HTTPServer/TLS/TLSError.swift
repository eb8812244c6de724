// SPDX-License-Identifier: MIT

internal import COpenSSL

/// Why a ``TLSContext`` could not be built: the file concerned and OpenSSL's reason.
public struct TLSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed, e.g. `cannot load certificate chain /etc/roster/cert.pem: no start line`.
    public let message: String

    /// Creates an error with a message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }

    /// Pops OpenSSL's thread-local error queue into one line, oldest reason first, and leaves the
    /// queue empty (https://docs.openssl.org/3.0/man3/ERR_get_error/). Must be called on the thread
    /// where the failing call ran, before any other OpenSSL call.
    static func drainOpenSSLErrors() -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            if let reason = ERR_reason_error_string(code) {
                reasons.append(String(cString: reason))
            } else {
                var buffer = [CChar](repeating: 0, count: 256)
                ERR_error_string_n(code, &buffer, buffer.count)
                reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
        }
        return reasons.isEmpty ? "unknown OpenSSL error" : reasons.joined(separator: "; ")
    }
}
