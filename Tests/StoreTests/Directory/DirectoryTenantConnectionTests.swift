import Core
import Foundation
import Store
import TestSupport
import Testing

@Suite struct DirectoryTenantConnectionTests {
    private let acme = TenantName(rawValue: "acme")!
    private let globex = TenantName(rawValue: "globex")!

    @Test func tenantsCreateListConflict() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            let directory = Directory(database: database)
            let created = try await directory.createTenant(globex, requestID: "req-1")
            _ = try await directory.createTenant(acme, requestID: nil)
            #expect(try await directory.tenants().map(\.name) == [acme, globex])
            #expect(try await directory.tenant(named: globex) == created)
            #expect(try await directory.tenant(named: TenantName(rawValue: "nope")!) == nil)
            await #expect {
                _ = try await directory.createTenant(acme, requestID: nil)
            } throws: { error in
                guard case StoreError.conflict(let message) = error else { return false }
                return message.contains("acme")
            }
            #expect(try await directory.tenants().count == 2)
        }
    }

    @Test func connectionsCreateListConflictNotFound() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            let directory = Directory(database: database)
            _ = try await directory.createTenant(acme, requestID: nil)
            _ = try await directory.createTenant(globex, requestID: nil)
            let okta = try await directory.createConnection(tenant: acme, name: "Okta prod", idp: .okta, requestID: nil)
            #expect(okta.id.count == 20)
            #expect(okta.id.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) })
            #expect(okta.scimBasePath == "/scim/v2/acme/\(okta.id)")
            let entra = try await directory.createConnection(tenant: acme, name: "Entra", idp: .entra, requestID: nil)
            // The same name in another tenant is fine.
            let other = try await directory.createConnection(tenant: globex, name: "Okta prod", idp: .okta, requestID: nil)

            #expect(try await directory.connections(tenant: acme) == [entra, okta])
            #expect(try await directory.connections(tenant: nil) == [entra, okta, other])
            #expect(try await directory.connection(tenant: acme, id: okta.id) == okta)

            await #expect {
                _ = try await directory.createConnection(tenant: acme, name: "Okta prod", idp: .generic, requestID: nil)
            } throws: { error in
                if case StoreError.conflict = error { return true }
                return false
            }
            await #expect {
                _ = try await directory.createConnection(
                    tenant: TenantName(rawValue: "missing")!, name: "x", idp: .okta, requestID: nil)
            } throws: { error in
                if case StoreError.notFound = error { return true }
                return false
            }
            await #expect(throws: DomainError.self) {
                _ = try await directory.createConnection(tenant: acme, name: "  ", idp: .okta, requestID: nil)
            }
        }
    }

    @Test func connectionsAreInvisibleAcrossTenants() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            let directory = Directory(database: database)
            _ = try await directory.createTenant(acme, requestID: nil)
            _ = try await directory.createTenant(globex, requestID: nil)
            let acmeConnection = try await directory.createConnection(tenant: acme, name: "c", idp: .okta, requestID: nil)
            #expect(try await directory.connection(tenant: globex, id: acmeConnection.id) == nil)
            #expect(try await directory.connections(tenant: globex).isEmpty)
        }
    }

    @Test func auditRowsAreWrittenWithTheChange() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            let clock = FixedClock(Date(unixMilliseconds: 1_700_000_000_000))
            let directory = Directory(database: database, clock: clock)
            _ = try await directory.createTenant(acme, requestID: "req-t")
            let connection = try await directory.createConnection(tenant: acme, name: "c", idp: .okta, requestID: "req-c")
            let events = try await AuditLog(database: database).events(tenant: acme, after: nil, limit: 100)
            #expect(events.map(\.action) == ["tenant.created", "connection.created"])
            #expect(events.allSatisfy { $0.actor == .admin && $0.tenant == acme && $0.before == nil })
            #expect(events.map(\.requestID) == ["req-t", "req-c"])
            #expect(events[1].connectionID == connection.id)
            #expect(events[1].subjectType == "connection" && events[1].subjectID == connection.id)
            #expect(events[0].time == clock.date)
            let after = try #require(events[1].after)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(after.utf8)) as? [String: Any])
            #expect(json["name"] as? String == "c")
            #expect(json["idp"] as? String == "okta")
            // Paging by cursor.
            let firstSeq = try #require(events[0].sequence)
            let rest = try await AuditLog(database: database).events(tenant: acme, after: firstSeq, limit: 10)
            #expect(rest.map(\.action) == ["connection.created"])
            #expect(try await AuditLog(database: database).events(tenant: globex, after: nil, limit: 10).isEmpty)
        }
    }

    @Test func failedChangesLeaveNoAuditRow() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            let directory = Directory(database: database)
            _ = try await directory.createTenant(acme, requestID: nil)
            _ = try? await directory.createTenant(acme, requestID: nil)
            _ = try await directory.createConnection(tenant: acme, name: "c", idp: .okta, requestID: nil)
            _ = try? await directory.createConnection(tenant: acme, name: "c", idp: .okta, requestID: nil)
            let count: Int = try await database.read { try $0.queryFirst("SELECT count(*) FROM audit_events")!.value(at: 0) }
            #expect(count == 2)
        }
    }
}

/// A clock frozen at one instant.
struct FixedClock: Core.Clock {
    let date: Date
    init(_ date: Date) { self.date = date }
    func now() -> Date { date }
}
