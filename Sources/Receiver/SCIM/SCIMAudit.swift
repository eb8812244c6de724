import Crypto
import Core
import Foundation
import SCIM
import Store

/// Audit events written by the SCIM receiver (actor `scim`), in the change's own transaction.
/// `before`/`after` hold only identity fields — never `password` (which is never stored) and
/// never whole attribute blobs.
struct SCIMAudit {
    /// The authorised request: tenant, connection, request id and actor of every event.
    let context: SCIMRequestContext
    /// The request's time, used as every event's time.
    let time: Date

    /// Appends one event.
    func record(
        _ action: String, subjectType: String, subjectID: String, before: JSONValue?, after: JSONValue?,
        on connection: SQLiteConnection
    ) throws {
        try record(
            action, subjectType: subjectType, subjectID: subjectID, beforeText: before?.serializedString(),
            afterText: after?.serializedString(), on: connection)
    }

    /// Appends one event whose snapshots are already serialised (`JSONValue.serializedString()`),
    /// for a writer that prepared them before its transaction.
    func record(
        _ action: String, subjectType: String, subjectID: String, beforeText: String?, afterText: String?,
        on connection: SQLiteConnection
    ) throws {
        try AuditRecorder.append(
            AuditEvent(
                time: time, tenant: context.tenant, connectionID: context.connectionID, actor: .scim,
                requestID: context.requestID, action: action, subjectType: subjectType, subjectID: subjectID,
                before: beforeText, after: afterText),
            on: connection)
    }

    /// The audited view of a membership change.
    static func member(_ userID: String, reason: String? = nil) -> JSONValue {
        var fields: [String: JSONValue] = ["user": .string(userID)]
        if let reason { fields["reason"] = .string(reason) }
        return .object(fields)
    }
}

/// New resource ids: UUIDs in lower case (RFC 7643 §3.1: unique, stable, not reassigned).
enum ResourceID {
    /// A fresh id: a time-ordered UUID (``Crypto/SecureRandom/timeOrderedUUID(at:)``), so new
    /// users and groups append to the id-keyed indexes instead of touching a random page of each.
    static func make() -> String {
        // OpenSSL's DRBG does not fail once seeded at start-up; should it, Foundation's
        // generator (which reads the kernel's) is an equally unique fallback.
        (try? SecureRandom.timeOrderedUUID()) ?? UUID().uuidString.lowercased()
    }
}
