import CurlTransport
import Foundation
import Store

/// The durable mail outbox (issue 6): messages are stored before they are sent and delivered
/// by a background loop, so a mail server that is down delays mail, never anything else.
///
/// Each attempt is recorded as started (`sending`) before the SMTP transaction and as finished
/// after it (``MailOutboxTable``). Transient failures (4xx, connection errors, timeouts) are
/// retried with exponential backoff; permanent ones (5xx, refused STARTTLS or credentials) are
/// marked failed with the reason. A crash between the server's acceptance and the record
/// leaves the row `sending`, and the next pass sends the same bytes — the same `Message-ID` —
/// once more: at most one duplicate per crash, never a loss.
public struct MailOutbox: Sendable {
    /// What one pass did.
    public struct PassResult: Sendable, Equatable {
        /// Messages the server accepted.
        public var sent = 0
        /// Messages to be retried.
        public var retried = 0
        /// Messages that failed for good.
        public var failed = 0
        /// Creates zeros.
        public init() {}
    }

    private let database: Database
    private let transport: any SMTPTransport
    /// Server and retry settings.
    public let settings: MailSettings

    /// An outbox delivering through `transport`.
    public init(database: Database, transport: any SMTPTransport = CurlSMTPClient(), settings: MailSettings) {
        self.database = database
        self.transport = transport
        self.settings = settings
    }

    /// Stores `message` for delivery to `recipients`; returns its row id. A message whose
    /// `Message-ID` is already in the outbox is not stored twice (returns nil).
    @discardableResult
    public func enqueue(
        _ message: MailMessage, kind: OutboxMessage.Kind, tenant: String? = nil, connectionID: String? = nil
    ) async throws -> Int64? {
        let row = OutboxMessage(
            messageID: message.messageID, kind: kind, tenant: tenant, connectionID: connectionID, sender: settings.from,
            recipients: message.to, subject: MailHeader.sanitize(message.subject), message: message.encoded(),
            createdAt: message.date)
        return try await database.write { connection in
            if try connection.queryFirst("SELECT 1 FROM mail_outbox WHERE message_id = ?", row.messageID) != nil {
                return nil
            }
            return try MailOutboxTable.enqueue(row, on: connection)
        }
    }

    /// Attempts every due message once.
    public func deliverDue(now: @Sendable () -> Date = { Date() }) async throws -> PassResult {
        var result = PassResult()
        let due = try await database.read { [now = now()] in try MailOutboxTable.due(at: now, on: $0) }
        for message in due {
            guard let id = message.id else { continue }
            let started = now()
            try await database.write { try MailOutboxTable.claim(id: id, at: started, on: $0) }
            do {
                try await transport.send(request(for: message))
                let finished = now()
                try await database.write { try MailOutboxTable.markSent(id: id, at: finished, on: $0) }
                result.sent += 1
            } catch let error as SMTPError {
                let attempts = message.attempts + 1
                if error.kind == .permanent || attempts >= settings.maxAttempts {
                    let reason = error.kind == .permanent ? error.description : "gave up after \(attempts) attempts: \(error)"
                    try await database.write { try MailOutboxTable.markFailed(id: id, error: reason, on: $0) }
                    result.failed += 1
                } else {
                    let next = now().addingTimeInterval(seconds(settings.backoff(afterAttempts: attempts)))
                    try await database.write {
                        try MailOutboxTable.markRetry(id: id, error: error.description, next: next, on: $0)
                    }
                    result.retried += 1
                }
            }
        }
        return result
    }

    /// Delivers until cancelled: a pass, then a sleep until the next retry is due (at most
    /// `poll`, so newly queued mail goes out within it).
    public func run(poll: Duration = .seconds(5), onPass: @Sendable (PassResult) -> Void = { _ in }) async {
        while !Task.isCancelled {
            if let result = try? await deliverDue(), result != PassResult() { onPass(result) }
            do { try await Task.sleep(for: poll) } catch { return }
        }
    }

    /// The envelope and connection for one stored message.
    public func request(for message: OutboxMessage) -> SMTPSendRequest {
        var request = SMTPSendRequest(
            url: settings.url, security: settings.security, sender: message.sender, recipients: message.recipients,
            message: message.message, username: settings.username, password: settings.password)
        request.caFile = settings.caFile
        request.connectTimeout = settings.connectTimeout
        request.commandTimeout = settings.commandTimeout
        return request
    }

    private func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
