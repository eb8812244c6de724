import Foundation

/// The origin (scheme, host, port) of an Okta org: the only place the API token is ever sent and
/// the only origin whose `Link` URLs are followed (hardening.md §1.4, API7 SSRF / API10).
public struct OktaOrigin: Sendable, Hashable, CustomStringConvertible {
    /// `https`, or `http` for a loopback org (tests only).
    public let scheme: String
    /// Lower-cased host name or address.
    public let host: String
    /// The explicit port, or nil for the scheme's default.
    public let port: Int?

    /// Why an org URL was refused.
    public enum ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Not an absolute URL with a host.
        case notAURL(String)
        /// Plain `http://` for a host that is not loopback, or another scheme.
        case insecureScheme(String)
        /// Has a path, query, fragment or user info: the org URL is an origin.
        case notAnOrigin(String)

        /// A message for the admin.
        public var description: String {
            switch self {
            case .notAURL(let text): "--org must be an absolute URL like https://acme.okta.com, got '\(text)'"
            case .insecureScheme(let text):
                "--org must use https:// (http:// is allowed only for a loopback host), got '\(text)'"
            case .notAnOrigin(let text):
                "--org must be the org's origin only (no path, query or credentials), got '\(text)'"
            }
        }
    }

    /// Parses and validates an org URL: `https://host[:port]` (a trailing `/` is tolerated), or
    /// `http://` when the host is `localhost`, `127.0.0.0/8` or `::1`.
    public init(validating text: String) throws(ValidationError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty
        else { throw .notAURL(text) }
        guard components.user == nil, components.password == nil, components.query == nil,
            components.fragment == nil, components.path.isEmpty || components.path == "/"
        else { throw .notAnOrigin(text) }
        switch scheme {
        case "https": break
        case "http" where Self.isLoopback(host): break
        default: throw .insecureScheme(text)
        }
        self.scheme = scheme
        self.host = host
        self.port = components.port
    }

    /// The origin of an absolute URL, or nil when it has none (relative, unknown scheme).
    public init?(ofURL text: String) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = components.host?.lowercased(), !host.isEmpty,
            components.user == nil, components.password == nil
        else { return nil }
        self.scheme = scheme
        self.host = host
        self.port = components.port
    }

    /// Whether `host` is a loopback name or address.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        // 127.0.0.0/8 as a dotted-quad literal only: a name such as `127.evil.example` is not loopback.
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127"
            && octets.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }
    }

    /// The port actually used: explicit, or the scheme's default (RFC 6454 §4 compares it).
    var effectivePort: Int { port ?? (scheme == "https" ? 443 : 80) }

    /// Same-origin test of RFC 6454 §5: scheme, host and port all equal.
    public func isSameOrigin(as other: OktaOrigin) -> Bool {
        scheme == other.scheme && host == other.host && effectivePort == other.effectivePort
    }

    /// `https://acme.okta.com` or `http://127.0.0.1:8443`.
    public var description: String {
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost)" + (port.map { ":\($0)" } ?? "")
    }
}
