/// Something that delivers a message to an SMTP server; the outbox depends on this protocol so
/// tests can put a fault in front of the real client.
public protocol SMTPTransport: Sendable {
    /// Sends `request`; throws ``SMTPError`` when the server did not accept it.
    func send(_ request: SMTPSendRequest) async throws(SMTPError)
}
