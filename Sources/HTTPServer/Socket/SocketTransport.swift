// SPDX-License-Identifier: MIT

import Glibc

/// A connected non-blocking socket driven by an ``EventLoop``.
///
/// Reads and writes try the syscall first and only wait for readiness on `EAGAIN`; after a short
/// read the socket is known to be drained, so the next read waits first and skips a wasted `recv`.
final class SocketTransport: ByteStreamTransport {
    /// The connected socket; registered with ``loop`` and closed by ``close()``.
    let fd: Int32
    /// The event loop the socket is registered with and whose thread runs its I/O.
    let loop: EventLoop
    private var lastReadDrained = false
    private let scratch: UnsafeMutableRawBufferPointer
    private var closed = false

    /// Wraps an accepted descriptor already registered with `loop`.
    init(fd: Int32, loop: EventLoop, bufferSize: Int = 16 * 1024) {
        self.fd = fd
        self.loop = loop
        scratch = .allocate(byteCount: bufferSize, alignment: 16)
    }

    deinit {
        scratch.deallocate()
        if !closed { close() }
    }

    /// Receives into the scratch buffer and appends to `buffer`.
    func read(into buffer: inout [UInt8], phase: ReadPhase, deadline: Deadline) async throws -> Int {
        if lastReadDrained {
            try await loop.waitReadable(fd, deadline: deadline, idle: phase == .idle)
        }
        while true {
            let n = recv(fd, scratch.baseAddress, scratch.count, 0)
            if n > 0 {
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<n]))
                lastReadDrained = n < scratch.count
                return n
            }
            if n == 0 { return 0 }
            switch errno {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                try await loop.waitReadable(fd, deadline: deadline, idle: phase == .idle)
            case ECONNRESET, EPIPE, ENOTCONN, ESHUTDOWN:
                throw TransportError.closed
            default:
                throw TransportError.failed(.current("recv"))
            }
        }
    }

    /// Sends everything, waiting for writability when the socket buffer is full.
    func write(_ bytes: [UInt8], deadline: Deadline) async throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { p in
                // MSG_NOSIGNAL: a peer reset yields EPIPE instead of killing the process (hardening.md §1.6).
                send(fd, p.baseAddress! + offset, p.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n >= 0 {
                offset += n
                continue
            }
            switch errno {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                try await loop.waitWritable(fd, deadline: deadline)
            case ECONNRESET, EPIPE, ENOTCONN, ESHUTDOWN:
                throw TransportError.closed
            default:
                throw TransportError.failed(.current("send"))
            }
        }
    }

    /// `shutdown(SHUT_WR)`: the peer reads our last response, then end-of-stream.
    func shutdownWrite() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Deregisters from the loop, then closes (in that order, so the fd number cannot be reused while
    /// the loop still tracks it).
    func close() {
        guard !closed else { return }
        closed = true
        loop.deregister(fd)
        Glibc.close(fd)
    }
}
