// SPDX-License-Identifier: MIT

import Glibc

/// The Linux calls Swift's `Glibc` module does not import (`sys/epoll.h`, `sys/eventfd.h`, `accept4`).
///
/// The package rules allow no new C target, so the symbols are resolved once with `dlsym` and called
/// through `@convention(c)` pointers, which gives the exact C calling convention (unlike
/// `@_silgen_name`). Constants are the kernel ABI values from the same headers.
enum Epoll {
    /// `EPOLLIN`: the descriptor is readable.
    static let `in`: UInt32 = 0x001
    /// `EPOLLOUT`: the descriptor is writable.
    static let out: UInt32 = 0x004
    /// `EPOLLERR`: an error condition; always reported, even if not requested.
    static let err: UInt32 = 0x008
    /// `EPOLLHUP`: hang-up; always reported, even if not requested.
    static let hup: UInt32 = 0x010
    /// `EPOLLRDHUP`: the peer shut down its writing half (TCP half-close).
    static let rdhup: UInt32 = 0x2000
    /// `EPOLLET`: edge-triggered, so a descriptor must be drained until `EAGAIN` after each event.
    static let edgeTriggered: UInt32 = 1 << 31
    /// `EPOLL_CTL_ADD`: register a descriptor.
    static let ctlAdd: Int32 = 1
    /// `EPOLL_CTL_DEL`: unregister a descriptor.
    static let ctlDel: Int32 = 2
    /// `EPOLL_CLOEXEC`, `EFD_CLOEXEC`, `SOCK_CLOEXEC` all equal `O_CLOEXEC`.
    static let cloexec: Int32 = 0o2000000
    /// `EFD_NONBLOCK` equals `O_NONBLOCK`.
    static let nonblock: Int32 = 0o4000

    /// `struct epoll_event` is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16 bytes).
    #if arch(x86_64)
        static let eventStride = 12
        static let dataOffset = 4
    #else
        static let eventStride = 16
        static let dataOffset = 8
    #endif

    private typealias CreateFn = @convention(c) (Int32) -> Int32
    private typealias CtlFn = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    private typealias WaitFn = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    private typealias EventFn = @convention(c) (UInt32, Int32) -> Int32
    private typealias Accept4Fn =
        @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32

    /// Resolves a libc symbol; the process cannot work without these, so absence is fatal.
    private static func symbol<T>(_ name: String, as: T.Type) -> T {
        guard let pointer = dlsym(nil, name) else { fatalError("libc symbol \(name) not found") }
        return unsafeBitCast(pointer, to: T.self)
    }

    nonisolated(unsafe) private static let createFn = symbol("epoll_create1", as: CreateFn.self)
    nonisolated(unsafe) private static let ctlFn = symbol("epoll_ctl", as: CtlFn.self)
    nonisolated(unsafe) private static let waitFn = symbol("epoll_wait", as: WaitFn.self)
    nonisolated(unsafe) private static let eventfdFn = symbol("eventfd", as: EventFn.self)
    nonisolated(unsafe) private static let accept4Fn = symbol("accept4", as: Accept4Fn.self)

    /// `epoll_create1(EPOLL_CLOEXEC)`.
    static func create() -> Int32 { createFn(cloexec) }

    /// `epoll_ctl(epfd, op, fd, &{events, data.fd = fd})`.
    @discardableResult
    static func control(_ epfd: Int32, _ op: Int32, _ fd: Int32, events: UInt32) -> Int32 {
        var raw = (UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &raw) { p in
            p.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            p.storeBytes(of: Int64(fd), toByteOffset: dataOffset, as: Int64.self)
            return ctlFn(epfd, op, fd, p.baseAddress)
        }
    }

    /// `epoll_wait` into a raw event buffer of `capacity` entries.
    static func wait(_ epfd: Int32, _ buffer: UnsafeMutableRawPointer, capacity: Int32, timeout: Int32) -> Int32 {
        waitFn(epfd, buffer, capacity, timeout)
    }

    /// Reads event `i` (events mask and the fd stored in `data`) from an `epoll_wait` buffer.
    static func event(_ buffer: UnsafeRawPointer, _ i: Int) -> (events: UInt32, fd: Int32) {
        let base = buffer + i * eventStride
        return (base.loadUnaligned(as: UInt32.self), base.loadUnaligned(fromByteOffset: dataOffset, as: Int32.self))
    }

    /// `eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)`.
    static func makeEventFD() -> Int32 { eventfdFn(0, nonblock | cloexec) }

    /// `accept4(fd, addr, len, SOCK_NONBLOCK | SOCK_CLOEXEC)`.
    static func accept4(_ fd: Int32, _ addr: UnsafeMutablePointer<sockaddr>?, _ len: UnsafeMutablePointer<socklen_t>?)
        -> Int32
    {
        accept4Fn(fd, addr, len, nonblock | cloexec)
    }
}
