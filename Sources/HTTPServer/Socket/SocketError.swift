// SPDX-License-Identifier: MIT

import Glibc

/// A failed socket system call, with `errno` captured at the throw site (style.md §8.5).
public struct SocketError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The call that failed, e.g. `"bind"`.
    public let operation: String
    /// The `errno` value right after the call.
    public let code: Int32
    /// `strerror(code)`, e.g. `"Address already in use"`.
    public let message: String

    /// Creates an error for `operation` with an explicit code.
    public init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
        self.message = String(cString: strerror(code))
    }

    /// Captures the current `errno` for `operation`.
    static func current(_ operation: String) -> SocketError {
        SocketError(operation: operation, code: errno)
    }

    /// `"bind failed: Address already in use (errno 98)"`.
    public var description: String { "\(operation) failed: \(message) (errno \(code))" }
}
