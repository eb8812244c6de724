// SPDX-License-Identifier: MIT

/// A protocol-level error the server answered by itself (400/408/413/414/431/503/505), reported so
/// the Agent can log it; the request never reached the responder.
public struct HTTPServerEvent: Sendable, CustomStringConvertible {
    /// The peer, `host:port`, when known.
    public let remoteAddress: String?
    /// The status the server sent (or would have sent, if the peer was gone).
    public let status: HTTPStatus
    /// A short machine-friendly reason, e.g. `"content-length and transfer-encoding"`.
    public let reason: String

    /// Creates an event.
    public init(remoteAddress: String?, status: HTTPStatus, reason: String) {
        self.remoteAddress = remoteAddress
        self.status = status
        self.reason = reason
    }

    /// `"<status> <reason> from <address>"`.
    public var description: String { "\(status.code) \(reason) from \(remoteAddress ?? "?")" }
}
