import Core
import Foundation
import Store

extension InspectionCommands {
    private struct EventDocument: Encodable {
        let sequence: Int64
        let time: String
        let actor: String
        let action: String
        let subjectType: String
        let subjectId: String
        let connection: String?
        let requestId: String?
        let before: JSONValue?
        let after: JSONValue?
    }

    /// Prints audit events as a table, or as one JSON document (`events`) with `before`/`after` parsed back into JSON.
    func printAudit(_ events: [AuditEvent]) {
        if json {
            let documents = events.map { event in
                EventDocument(
                    sequence: event.sequence ?? 0, time: Timestamp.format(event.time), actor: event.actor.rawValue,
                    action: event.action, subjectType: event.subjectType, subjectId: event.subjectID,
                    connection: event.connectionID, requestId: event.requestID,
                    before: event.before.flatMap { try? JSONValue.parse($0) },
                    after: event.after.flatMap { try? JSONValue.parse($0) })
            }
            output.out(OutputDocuments.render(["events": documents]))
            return
        }
        var table = TextTable(headers: ["TIME", "ACTOR", "ACTION", "SUBJECT", "REQUEST", "CHANGE"])
        table.rows = events.map { event in
            [
                Timestamp.format(event.time), event.actor.rawValue, event.action,
                "\(event.subjectType) \(event.subjectID)", event.requestID ?? "-",
                "\(event.before ?? "-") -> \(event.after ?? "-")",
            ]
        }
        output.out(table.render())
    }

    private struct AccessDocument: Encodable {
        let at: String
        let historyStartsAt: String?
        let users: [UserDocument]
    }

    private struct UserDocument: Encodable {
        let userId: String
        let userName: String
        let active: Bool
        let teams: [String]
    }

    /// Prints who had access at `time`, warning on stderr when the audit trail starts after `time` (`oldest`), so
    /// earlier history was pruned and the answer may be incomplete.
    func printAccess(_ entries: [AccessHistory.Entry], at time: Date, oldest: Date?) {
        if let oldest, oldest > time {
            output.err("roster: warning: the audit trail starts at \(Timestamp.format(oldest)); earlier history was pruned\n")
        }
        if json {
            let users = entries.map { UserDocument(userId: $0.userID, userName: $0.userName, active: $0.active, teams: $0.teams) }
            output.out(OutputDocuments.render(
                AccessDocument(at: Timestamp.format(time), historyStartsAt: oldest.map(Timestamp.format), users: users)))
            return
        }
        var table = TextTable(headers: ["USER NAME", "ACCESS", "TEAMS", "USER ID"])
        table.rows = entries.map { [$0.userName, $0.active ? "yes" : "no", $0.teams.joined(separator: ", "), $0.userID] }
        output.out("access at \(Timestamp.format(time))\n" + table.render())
    }

    private struct RejectedDocument: Encodable {
        let time: String
        let connection: String
        let requestId: String?
        let method: String
        let route: String
        let status: Int
        let scimType: String?
        let detail: String?
        let body: String
    }

    /// Prints rejected requests from the ring, as a table or as one JSON document (`rejected`).
    func printRejected(_ records: [RejectedRequest]) {
        if json {
            let documents = records.map {
                RejectedDocument(
                    time: Timestamp.format($0.time), connection: $0.connectionID, requestId: $0.requestID,
                    method: $0.method, route: $0.route, status: $0.status, scimType: $0.scimType, detail: $0.detail,
                    body: $0.body)
            }
            output.out(OutputDocuments.render(["rejected": documents]))
            return
        }
        guard !records.isEmpty else {
            output.out("(none)\n")
            return
        }
        for record in records {
            let head = "\(Timestamp.format(record.time))  \(record.method) \(record.route)  \(record.status)"
            let error = "\(record.scimType ?? "")  \(record.detail ?? "")"
            let ids = "request \(record.requestID ?? "-")  connection \(record.connectionID)"
            output.out("\(head) \(error)\n  \(ids)\n  \(record.body)\n")
        }
    }
}
