import Core

/// Appends audit events inside the caller's write transaction, so a change and its audit record
/// commit together or not at all (design.md "Audit").
public enum AuditRecorder {
    /// Inserts `event` and returns its sequence number.
    @discardableResult
    public static func append(_ event: AuditEvent, on connection: SQLiteConnection) throws -> Int64 {
        precondition(connection.isInTransaction, "audit events are written in the change's transaction")
        try connection.execute(
            """
            INSERT INTO audit_events
                (time, tenant, connection_id, actor, request_id, action, subject_type, subject_id, before, after)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            event.time, event.tenant.rawValue, event.connectionID, event.actor.rawValue, event.requestID,
            event.action, event.subjectType, event.subjectID, event.before, event.after)
        return connection.lastInsertRowID
    }
}
