/// An error the CLI reports on stderr before exiting with a non-zero status.
public struct CLIError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as one or more human-readable lines.
    public let message: String
    /// The exit status to use.
    public let exitCode: ExitCode
    /// For usage errors: the help topic to point at (e.g. `token create`).
    public let helpTopic: String?

    /// A usage error (exit 64), pointing at the help of `topic`.
    public static func usage(_ message: String, topic: String? = nil) -> CLIError {
        CLIError(message: message, exitCode: .usage, helpTopic: topic)
    }

    /// A configuration error (exit 78).
    public static func config(_ message: String) -> CLIError {
        CLIError(message: message, exitCode: .config, helpTopic: nil)
    }

    /// A runtime failure (exit 1).
    public static func failure(_ message: String) -> CLIError {
        CLIError(message: message, exitCode: .failure, helpTopic: nil)
    }

    /// The message.
    public var description: String { message }
}
