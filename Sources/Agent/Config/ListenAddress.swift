/// A `HOST:PORT` pair to listen on; IPv6 hosts are written in brackets (`[::1]:8080`).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// The host or IP literal, without brackets.
    public var host: String
    /// The TCP port; 0 asks the kernel for a free one.
    public var port: UInt16

    /// Creates an address.
    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// The design default: loopback only, so a fresh install exposes nothing.
    public static let defaultAddress = ListenAddress(host: "127.0.0.1", port: 8080)

    /// Parses `HOST:PORT` or `[IPv6]:PORT`; nil when malformed.
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = UInt16(portText)
        else { return nil }
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else { return nil }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            return nil
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace }) else { return nil }
        self.init(host: host, port: port)
    }

    /// `host:port`, bracketing IPv6 literals.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Whether the host is a loopback address or name.
    public var isLoopback: Bool { Self.isLoopbackHost(host) }

    /// Whether `host` names the loopback interface (127.0.0.0/8, ::1, localhost).
    public static func isLoopbackHost(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
