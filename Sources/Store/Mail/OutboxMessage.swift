import Foundation

/// One message of the mail outbox (`mail_outbox`): the whole RFC 5322 message as it will be
/// sent, its envelope, and where it is in its life (queued → sending → sent | failed).
public struct OutboxMessage: Sendable, Equatable {
    /// Where a message is.
    public enum State: String, Sendable, Equatable {
        /// Waiting for its first or next attempt.
        case queued
        /// An attempt is in flight (or the process died during one: it is sent again).
        case sending
        /// The server accepted it.
        case sent
        /// A permanent failure (5xx) or too many attempts; ``OutboxMessage/lastError`` says why.
        case failed
    }

    /// What the message is.
    public enum Kind: String, Sendable, Equatable {
        /// The nightly report.
        case report
        /// An alert about one connection.
        case alert
    }

    /// Row id (nil before insert).
    public var id: Int64?
    /// The `Message-ID` header value, with angle brackets.
    public var messageID: String
    /// Report or alert.
    public var kind: Kind
    /// The tenant an alert is about.
    public var tenant: String?
    /// The connection an alert is about (throttling key).
    public var connectionID: String?
    /// Envelope sender (RFC 5321 `MAIL FROM`).
    public var sender: String
    /// Envelope recipients (RFC 5321 `RCPT TO`).
    public var recipients: [String]
    /// Subject, for listings.
    public var subject: String
    /// The message bytes (CRLF line ends).
    public var message: [UInt8]
    /// Where it is.
    public var state: State
    /// Attempts started so far.
    public var attempts: Int
    /// Earliest time of the next attempt.
    public var nextAttemptAt: Date
    /// Why the last attempt failed.
    public var lastError: String?
    /// When it was queued.
    public var createdAt: Date
    /// When the server accepted it.
    public var sentAt: Date?

    /// Creates a queued message.
    public init(
        messageID: String, kind: Kind, tenant: String? = nil, connectionID: String? = nil, sender: String,
        recipients: [String], subject: String, message: [UInt8], createdAt: Date
    ) {
        self.messageID = messageID
        self.kind = kind
        self.tenant = tenant
        self.connectionID = connectionID
        self.sender = sender
        self.recipients = recipients
        self.subject = subject
        self.message = message
        state = .queued
        attempts = 0
        nextAttemptAt = createdAt
        self.createdAt = createdAt
    }
}
