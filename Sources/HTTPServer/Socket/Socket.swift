// SPDX-License-Identifier: MIT

import Glibc

/// Thin wrappers over the socket calls the server needs, each returning or throwing ``SocketError``.
enum Socket {
    /// Creates a non-blocking listening socket bound to `host:port` (IPv4 or IPv6; port 0 picks one).
    /// - Returns: the descriptor and the bound port.
    static func listen(host: String, port: UInt16, backlog: Int32 = 1024) throws(SocketError) -> (Int32, UInt16) {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let hostArg = host.isEmpty ? nil : host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let rc = getaddrinfo(hostArg, String(port), &hints, &result)
        guard rc == 0, let info = result else {
            throw SocketError(operation: "getaddrinfo(\(host))", code: rc == EAI_SYSTEM ? errno : EINVAL)
        }
        defer { freeaddrinfo(info) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .current("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let error = SocketError.current("bind \(host):\(port)")
            close(fd)
            throw error
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = SocketError.current("listen")
            close(fd)
            throw error
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let bound = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0 else {
            let error = SocketError.current("getsockname")
            close(fd)
            throw error
        }
        return (fd, address(of: storage).port)
    }

    /// The outcome of one `accept4` call.
    enum Accepted {
        case connection(Int32, remote: String)
        case wouldBlock
        /// Out of descriptors (EMFILE/ENFILE/ENOBUFS/ENOMEM): back off instead of spinning.
        case exhausted
        /// A transient per-connection failure (ECONNABORTED, EPERM by firewall, ...): try the next one.
        case retry
    }

    /// Accepts one pending connection as a non-blocking, close-on-exec socket with `TCP_NODELAY`.
    static func accept(_ listener: Int32) -> Accepted {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Epoll.accept4(listener, $0, &length)
            }
        }
        if fd < 0 {
            switch errno {
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .exhausted
            default: return .retry
            }
        }
        var one: Int32 = 1
        // Responses are written whole; Nagle would only add latency to small replies.
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let (host, port) = address(of: storage)
        return .connection(fd, remote: host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)")
    }

    /// Formats a socket address as numeric host and port.
    static func address(of storage: sockaddr_storage) -> (host: String, port: UInt16) {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    var addr = sin.pointee.sin_addr
                    inet_ntop(AF_INET, &addr, &text, socklen_t(text.count))
                    return (cString(text), UInt16(bigEndian: sin.pointee.sin_port))
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin in
                    var addr = sin.pointee.sin6_addr
                    inet_ntop(AF_INET6, &addr, &text, socklen_t(text.count))
                    return (cString(text), UInt16(bigEndian: sin.pointee.sin6_port))
                }
            }
        default:
            return ("?", 0)
        }
    }

    /// Decodes a NUL-terminated C buffer.
    static func cString(_ chars: [CChar]) -> String {
        String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Ignores `SIGPIPE` process-wide, once: a peer reset mid-write must be an error, not exit 141
    /// (hardening.md §1.6; BlueSocket#48). Sends also pass `MSG_NOSIGNAL`, so this is belt and braces
    /// for any other code in the process that writes to sockets.
    static let ignoreSIGPIPE: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()
}
