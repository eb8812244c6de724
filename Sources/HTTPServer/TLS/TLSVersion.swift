// SPDX-License-Identifier: MIT

internal import COpenSSL

/// The lowest TLS version a server accepts. Only 1.2 and 1.3 exist here: SSL 3.0, TLS 1.0 and 1.1
/// are deprecated by RFC 8996 and refused by Entra's requirements (hardening.md §1.3).
public enum TLSVersion: String, Sendable, CaseIterable, Comparable {
    /// TLS 1.2 (RFC 5246), the default minimum.
    case v1_2 = "1.2"
    /// TLS 1.3 (RFC 8446).
    case v1_3 = "1.3"

    /// OpenSSL's protocol constant, for `SSL_CTX_set_min_proto_version`.
    var openSSLVersion: Int32 {
        switch self {
        case .v1_2: TLS1_2_VERSION
        case .v1_3: TLS1_3_VERSION
        }
    }

    /// Orders versions from oldest to newest.
    public static func < (lhs: TLSVersion, rhs: TLSVersion) -> Bool {
        lhs.openSSLVersion < rhs.openSSLVersion
    }
}
