/// A failed SMTP transaction, classified for the outbox: retry later, or give up.
public struct SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Whether trying again later can help.
    public enum Kind: String, Sendable, Equatable {
        /// A 4xx reply (RFC 5321 §4.2.1 "transient negative completion"), a connection failure
        /// or a timeout.
        case transient
        /// A 5xx reply (RFC 5321 §4.2.1 "permanent negative completion"), refused
        /// authentication, a server without the required STARTTLS, or an invalid request.
        case permanent
    }

    /// Transient or permanent.
    public let kind: Kind
    /// The last SMTP reply code received (0 when none).
    public let replyCode: Int
    /// libcurl's result code.
    public let curlCode: Int
    /// What went wrong, without credentials.
    public let message: String

    /// Creates an error.
    public init(kind: Kind, replyCode: Int, curlCode: Int, message: String) {
        self.kind = kind
        self.replyCode = replyCode
        self.curlCode = curlCode
        self.message = message
    }

    /// `permanent (SMTP 550, curl 55): RCPT failed: 550`.
    public var description: String {
        "\(kind.rawValue) (SMTP \(replyCode), curl \(curlCode)): \(message)"
    }
}
