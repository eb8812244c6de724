// SPDX-License-Identifier: MIT

/// Why a transport read or write did not complete.
public enum TransportError: Error, Equatable, Sendable {
    /// The deadline passed before the peer sent (or accepted) bytes.
    case timedOut
    /// The connection was closed or reset, or the server force-closed it.
    case closed
    /// The server is stopping and this connection was idle between requests.
    case shutdown
    /// Any other socket failure.
    case failed(SocketError)
}
