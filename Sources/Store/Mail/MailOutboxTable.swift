import Core
import Foundation

/// SQL for `mail_outbox` (issue 6). The delivery protocol, in three durable steps:
///
/// 1. ``enqueue(_:on:)`` stores the whole message, `queued`.
/// 2. ``claim(id:at:on:)`` marks it `sending` and counts the attempt *before* the SMTP
///    transaction starts.
/// 3. ``markSent(id:at:on:)`` or ``markRetry(id:error:next:on:)`` / ``markFailed(id:error:on:)``.
///
/// A crash between 2 and 3 leaves the row `sending`; ``due(at:limit:on:)`` returns such rows
/// again, so the same bytes (same `Message-ID`) are sent at most once more.
public enum MailOutboxTable {
    private static let columns = """
        id, message_id, kind, tenant, connection_id, sender, recipients, subject, message, state, attempts, \
        next_attempt_at, last_error, created_at, sent_at
        """

    /// Stores a queued message; returns its row id.
    @discardableResult
    public static func enqueue(_ message: OutboxMessage, on connection: SQLiteConnection) throws -> Int64 {
        let recipients = JSONValue.array(message.recipients.map(JSONValue.string)).serializedString()
        try connection.execute(
            """
            INSERT INTO mail_outbox (message_id, kind, tenant, connection_id, sender, recipients, subject, message,
                state, attempts, next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)
            """,
            message.messageID, message.kind.rawValue, message.tenant, message.connectionID, message.sender, recipients,
            message.subject, message.message, message.nextAttemptAt, message.createdAt)
        return try connection.queryFirst("SELECT last_insert_rowid()")!.value(at: 0)
    }

    /// Messages whose attempt is due at `now`: queued ones past their time, and any left
    /// `sending` by a process that died mid-attempt. Oldest first.
    public static func due(at now: Date, limit: Int = 20, on connection: SQLiteConnection) throws -> [OutboxMessage] {
        try connection.query(
            """
            SELECT \(columns) FROM mail_outbox
            WHERE (state = 'queued' AND next_attempt_at <= ?) OR state = 'sending'
            ORDER BY id LIMIT ?
            """,
            now, limit
        ).map(message(from:))
    }

    /// Earliest `next_attempt_at` of a queued message, if any.
    public static func nextAttempt(on connection: SQLiteConnection) throws -> Date? {
        try connection.queryFirst("SELECT min(next_attempt_at) FROM mail_outbox WHERE state = 'queued'")?.value(at: 0)
    }

    /// Marks an attempt as started (before any byte goes to the server).
    public static func claim(id: Int64, at now: Date, on connection: SQLiteConnection) throws {
        try connection.execute(
            "UPDATE mail_outbox SET state = 'sending', attempts = attempts + 1, next_attempt_at = ? WHERE id = ?",
            now, id)
    }

    /// Records that the server accepted the message.
    public static func markSent(id: Int64, at now: Date, on connection: SQLiteConnection) throws {
        try connection.execute(
            "UPDATE mail_outbox SET state = 'sent', sent_at = ?, last_error = NULL WHERE id = ?", now, id)
    }

    /// Records a transient failure; the next attempt is at `next`.
    public static func markRetry(id: Int64, error: String, next: Date, on connection: SQLiteConnection) throws {
        try connection.execute(
            "UPDATE mail_outbox SET state = 'queued', last_error = ?, next_attempt_at = ? WHERE id = ?",
            String(error.prefix(1000)), next, id)
    }

    /// Records a permanent failure.
    public static func markFailed(id: Int64, error: String, on connection: SQLiteConnection) throws {
        try connection.execute(
            "UPDATE mail_outbox SET state = 'failed', last_error = ? WHERE id = ?", String(error.prefix(1000)), id)
    }

    /// One message by id.
    public static func message(id: Int64, on connection: SQLiteConnection) throws -> OutboxMessage? {
        try connection.queryFirst("SELECT \(columns) FROM mail_outbox WHERE id = ?", id).map(message(from:))
    }

    /// The newest `limit` messages, newest first.
    public static func recent(limit: Int, on connection: SQLiteConnection) throws -> [OutboxMessage] {
        try connection.query("SELECT \(columns) FROM mail_outbox ORDER BY id DESC LIMIT ?", limit).map(message(from:))
    }

    /// When the latest alert about a connection was queued (for per-connection throttling).
    public static func lastAlert(tenant: String, connectionID: String, on connection: SQLiteConnection) throws -> Date? {
        try connection.queryFirst(
            "SELECT max(created_at) FROM mail_outbox WHERE kind = 'alert' AND tenant = ? AND connection_id = ?",
            tenant, connectionID)?.value(at: 0)
    }

    /// Messages in each state in `[from, to)` (by creation time), for the report.
    public static func counts(from: Date, to: Date, on connection: SQLiteConnection) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try connection.query(
            "SELECT state, count(*) FROM mail_outbox WHERE created_at >= ? AND created_at < ? GROUP BY state", from, to)
        {
            counts[try row.value(at: 0)] = try row.value(at: 1)
        }
        return counts
    }

    private static func message(from row: Row) throws -> OutboxMessage {
        let recipientsText: String = try row.value("recipients")
        let recipients = (try? JSONValue.parse(Array(recipientsText.utf8)))?.arrayValue?.compactMap(\.stringValue) ?? []
        var message = OutboxMessage(
            messageID: try row.value("message_id"),
            kind: OutboxMessage.Kind(rawValue: try row.value("kind")) ?? .report, tenant: try row.value("tenant"),
            connectionID: try row.value("connection_id"), sender: try row.value("sender"), recipients: recipients,
            subject: try row.value("subject"), message: try row.value("message"), createdAt: try row.value("created_at"))
        message.id = try row.value("id")
        message.state = OutboxMessage.State(rawValue: try row.value("state")) ?? .queued
        message.attempts = try row.value("attempts")
        message.nextAttemptAt = try row.value("next_attempt_at")
        message.lastError = try row.value("last_error")
        message.sentAt = try row.value("sent_at")
        return message
    }
}
