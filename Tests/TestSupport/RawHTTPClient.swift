// SPDX-License-Identifier: MIT

import COpenSSL
import Dispatch
import Glibc

/// A response as seen on the wire by ``RawHTTPClient``.
public struct RawHTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields in order.
    public var headers: [(name: String, value: String)]
    /// The body, framed by `Content-Length`.
    public var body: [UInt8]

    /// The first value of `name`, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body as text.
    public var bodyString: String { String(decoding: body, as: UTF8.self) }
}

/// A deliberately dumb blocking-socket HTTP client for malformed, slow or pipelined input, in plain
/// text or over TLS (``connectTLS(port:host:options:)``, see `RawHTTPClient+TLS.swift`).
///
/// Blocking calls run on a private serial `DispatchQueue`, never on Swift's cooperative pool, so many
/// tests can wait on sockets in parallel. `@unchecked Sendable`: `buffer`, `closed` and the `SSL`
/// are touched only on `queue` (or in `init`/`deinit`, before and after any other access).
public final class RawHTTPClient: @unchecked Sendable {
    /// The connected socket.
    public let fd: Int32
    let queue = DispatchQueue(label: "RawHTTPClient")
    private var buffer: [UInt8] = []
    private var closed = false
    /// The client `SSL *` (over a non-blocking socket) when connected with TLS.
    var ssl: OpaquePointer?

    /// Errors from the client itself.
    public enum ClientError: Error { case connect(Int32), send(Int32), timeout, malformed(String), tls(String) }

    init(fd: Int32) { self.fd = fd }

    deinit {
        if let ssl { SSL_free(ssl) }
        if !closed { Glibc.close(fd) }
    }

    /// Connects to `host:port` (numeric IPv4 or IPv6).
    public static func connect(port: UInt16, host: String = "127.0.0.1") async throws -> RawHTTPClient {
        let isV6 = host.contains(":")
        let fd = socket(isV6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError.connect(errno) }
        var rc: Int32
        if isV6 {
            var addr = sockaddr_in6()
            addr.sin6_family = sa_family_t(AF_INET6)
            addr.sin6_port = port.bigEndian
            inet_pton(AF_INET6, host, &addr.sin6_addr)
            rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        } else {
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = port.bigEndian
            inet_pton(AF_INET, host, &addr.sin_addr)
            rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard rc == 0 else {
            let e = errno
            Glibc.close(fd)
            throw ClientError.connect(e)
        }
        return RawHTTPClient(fd: fd)
    }

    /// Sends text as UTF-8.
    public func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    /// Sends bytes (all of them, or throws).
    public func send(_ bytes: [UInt8]) async throws {
        if ssl != nil {
            try await onQueue { [self] in try self.sendTLS(bytes) }
            return
        }
        try await onQueue { [fd] in
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes {
                    Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
                }
                guard n > 0 else { throw ClientError.send(errno) }
                offset += n
            }
        }
    }

    /// Reads one response; `nil` if the server closed first. `bodyless` for HEAD responses.
    public func readResponse(timeout: Duration = .seconds(5), bodyless: Bool = false) async throws
        -> RawHTTPResponse?
    {
        try await onQueue { [self] in try self.readResponseBlocking(timeout: timeout, bodyless: bodyless) }
    }

    /// Reads until the server closes (or `timeout`), returning everything not yet parsed.
    public func readToEnd(timeout: Duration = .seconds(5)) async -> [UInt8] {
        (try? await onQueue { [self] () -> [UInt8] in
            let end = ContinuousClock.now + timeout
            while self.fill(until: end) > 0 {}
            defer { self.buffer = [] }
            return self.buffer
        }) ?? []
    }

    /// Whether the server closed the connection (EOF or reset) within `timeout`; unread data is skipped.
    public func isClosedByPeer(timeout: Duration = .seconds(3)) async -> Bool {
        (try? await onQueue { [self] () -> Bool in
            let end = ContinuousClock.now + timeout
            while true {
                let n = self.fill(until: end)
                if n == 0 || n == -1 { return true }
                if n == -2 { return false }
            }
        }) ?? false
    }

    /// Aborts the connection with RST (`SO_LINGER` 0), as a crashing client would.
    public func reset() {
        queue.sync {
            var option = linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
            closeOnQueue()
        }
    }

    /// Closes the socket.
    public func close() { queue.sync { closeOnQueue() } }

    private func closeOnQueue() {
        if !closed {
            closed = true
            Glibc.close(fd)
        }
    }

    func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// One `poll` + `recv` into `buffer`: bytes read, 0 on EOF, -1 on reset, -2 on timeout.
    private func fill(until end: ContinuousClock.Instant) -> Int {
        if ssl != nil {
            let (bytes, n) = fillTLS(until: end)
            buffer.append(contentsOf: bytes)
            return n
        }
        let remaining = end - ContinuousClock.now
        let (seconds, attos) = remaining.components
        let ms = max(0, Int32(clamping: seconds * 1000 + attos / 1_000_000_000_000_000))
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, ms) > 0 else { return -2 }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 { buffer.append(contentsOf: chunk[0..<n]) }
        return n >= 0 ? n : -1
    }

    private func readResponseBlocking(timeout: Duration, bodyless: Bool) throws -> RawHTTPResponse? {
        let end = ContinuousClock.now + timeout
        var headEnd: Int?
        while true {
            if buffer.count >= 4 {
                for i in 0...(buffer.count - 4)
                where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
                    headEnd = i
                    break
                }
            }
            if headEnd != nil { break }
            let n = fill(until: end)
            if n == 0 || n == -1 { return nil }
            if n == -2 { throw ClientError.timeout }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw ClientError.malformed(head) }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw ClientError.malformed(head) }
            var value = line[line.index(after: colon)...]
            while value.first == " " { value.removeFirst() }
            headers.append((String(line[..<colon]), String(value)))
        }
        var response = RawHTTPResponse(status: status, headers: headers, body: [])
        buffer.removeSubrange(0..<headEnd! + 4)
        let noBody = bodyless || status < 200 || status == 204 || status == 304
        let length = noBody ? 0 : Int(response.header("Content-Length") ?? "0") ?? 0
        while buffer.count < length {
            let n = fill(until: end)
            if n == -2 { throw ClientError.timeout }
            if n <= 0 { throw ClientError.malformed("body cut short") }
        }
        response.body = Array(buffer[0..<length])
        buffer.removeSubrange(0..<length)
        return response
    }
}
