// SPDX-License-Identifier: MIT

/// Resource limits and clocks for one server; every value is configurable (hardening.md §1.6).
public struct HTTPServerLimits: Sendable {
    /// Longest request line (method, target, version) before the server answers 414 (RFC 9112 §3).
    public var maxRequestLineBytes: Int = 8 * 1024
    /// Largest header block (all field lines) before the server answers 431 (RFC 6585 §5).
    public var maxHeaderBytes: Int = 32 * 1024
    /// Most header fields accepted before the server answers 431.
    public var maxHeaderCount: Int = 100
    /// Largest request body; a larger `Content-Length` is answered 413 before any of it is read.
    public var maxBodyBytes: Int = 1024 * 1024
    /// Time from a request's first byte to the end of its header block; then 408 and close.
    public var headerReadTimeout: Duration = .seconds(10)
    /// Time allowed to receive a request body once the head is parsed; then 408 and close.
    public var bodyReadTimeout: Duration = .seconds(30)
    /// How long a kept-alive connection may sit idle between requests; never runs while a handler runs.
    public var idleTimeout: Duration = .seconds(60)
    /// How long ``HTTPServer/stop()`` lets in-flight requests finish before closing their sockets.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// Most simultaneous connections; more are answered 503 and closed at once.
    public var maxConnections: Int = 1024
    /// Time from accept to a completed TLS handshake (HTTPS listeners only); then the connection is
    /// closed without a response, since no HTTP can be spoken yet.
    public var tlsHandshakeTimeout: Duration = .seconds(10)
    /// How long a blocked response write may stall (client not reading) before the connection is dropped.
    public var writeTimeout: Duration = .seconds(30)

    /// The defaults: 8 KiB line, 32 KiB / 100 fields, 1 MiB body, 10 s / 30 s / 60 s clocks,
    /// 10 s grace, 1024 connections, 10 s TLS handshake.
    public init() {}
}

extension Duration {
    /// The duration in whole nanoseconds, saturating instead of trapping on overflow.
    var nanosecondsClamped: Int64 {
        let (seconds, attos) = components
        let (ns, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? Int64.min / 2 : Int64.max / 2 }
        return ns + attos / 1_000_000_000
    }
}
