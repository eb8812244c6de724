/// One message to hand to an SMTP server (RFC 5321): the server, the envelope and the bytes.
public struct SMTPSendRequest: Sendable {
    /// How the connection is protected.
    public enum Security: String, Sendable, Equatable {
        /// `smtp://`, upgraded with STARTTLS (RFC 3207) before anything else is sent; a server
        /// that does not offer STARTTLS is refused (`CURLUSESSL_ALL`).
        case starttls
        /// `smtps://`: TLS from the first byte (RFC 8314 §3).
        case implicit
        /// No TLS at all; callers allow this for a loopback server only.
        case none
    }

    /// `smtp://HOST[:PORT]` or `smtps://HOST[:PORT]`.
    public var url: String
    /// Transport security.
    public var security: Security
    /// Envelope sender (`MAIL FROM`).
    public var sender: String
    /// Envelope recipients (`RCPT TO`).
    public var recipients: [String]
    /// The whole message (RFC 5322), CRLF line ends. libcurl dot-stuffs it (RFC 5321 §4.5.2).
    public var message: [UInt8]
    /// AUTH user name (RFC 4954), if any.
    public var username: String?
    /// AUTH password, if any. Never logged, never part of an error.
    public var password: String?
    /// A PEM CA bundle to trust instead of the system's (a private CA, or tests).
    public var caFile: String?
    /// Time allowed to connect (TCP and TLS).
    public var connectTimeout: Duration = .seconds(10)
    /// Time allowed for each server response (`CURLOPT_SERVER_RESPONSE_TIMEOUT`).
    public var commandTimeout: Duration = .seconds(30)
    /// Time allowed for the whole transaction.
    public var totalTimeout: Duration = .seconds(120)

    /// Creates a request.
    public init(
        url: String, security: Security, sender: String, recipients: [String], message: [UInt8],
        username: String? = nil, password: String? = nil
    ) {
        self.url = url
        self.security = security
        self.sender = sender
        self.recipients = recipients
        self.message = message
        self.username = username
        self.password = password
    }
}
