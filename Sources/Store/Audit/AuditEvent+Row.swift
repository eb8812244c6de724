import Core
import Foundation

extension AuditEvent {
    /// The columns ``init(row:)`` reads, in SELECT order.
    static let columns =
        "seq, time, tenant, connection_id, actor, request_id, action, subject_type, subject_id, before, after"

    /// Decodes an `audit_events` row.
    init(row: Row) throws {
        let actorText: String = try row.value("actor")
        guard let actor = AuditActor(rawValue: actorText) else {
            throw SQLiteError.mismatch("column 'actor': unknown audit actor")
        }
        self.init(
            sequence: try row.value("seq"), time: try row.value("time"), tenant: try row.tenantName("tenant"),
            connectionID: try row.value("connection_id"), actor: actor, requestID: try row.value("request_id"),
            action: try row.value("action"), subjectType: try row.value("subject_type"),
            subjectID: try row.value("subject_id"), before: try row.value("before"), after: try row.value("after"))
    }
}

extension Row {
    /// A stored tenant name, validated again on the way out.
    func tenantName(_ column: String) throws -> TenantName {
        guard let name = TenantName(rawValue: try value(column)) else {
            throw SQLiteError.mismatch("column '\(column)': not a valid tenant name")
        }
        return name
    }
}
