import HTTPServer

extension LimitsConfiguration {
    /// The HTTP server's limits from the configuration.
    var httpLimits: HTTPServerLimits {
        var limits = HTTPServerLimits()
        limits.maxRequestLineBytes = maxRequestLineBytes
        limits.maxHeaderBytes = maxHeaderBytes
        limits.maxHeaderCount = maxHeaderCount
        limits.maxBodyBytes = maxBodyBytes
        limits.headerReadTimeout = headerReadTimeout
        // A TLS handshake precedes the request head and gets the same clock.
        limits.tlsHandshakeTimeout = headerReadTimeout
        limits.bodyReadTimeout = bodyReadTimeout
        limits.idleTimeout = idleTimeout
        limits.maxConnections = maxConnections
        limits.shutdownGracePeriod = shutdownGracePeriod
        return limits
    }
}
