import Core
import Foundation
import Store

/// The admin commands (`tenant`, `connection`, `token`): each opens the database, performs one
/// audited change or listing, and prints a table or one JSON document. They work while
/// `roster serve` runs on the same database: SQLite's WAL lets the server keep reading, and the
/// busy timeout serialises the two writers.
struct AdminCommands {
    /// The resolved settings; only `databasePath` is used here.
    let configuration: AgentConfiguration
    /// Whether `--json` asked for one JSON document instead of text.
    let json: Bool
    /// Where results (stdout) and diagnostics (stderr) are written.
    let output: any OutputSink
    /// The request id recorded on every audit event these commands write (a `cli-` id, one per invocation).
    let requestID: String

    /// Opens (and migrates) the database, runs `command` against it and closes it again, on success and on error.
    /// - Throws: ``CLIError`` for usage, store or I/O failures.
    func run(_ command: Command) async throws(CLIError) {
        let database = try await DatabaseOpening.open(configuration.databasePath)
        do {
            try await perform(command, directory: Directory(database: database))
            await database.close()
        } catch {
            await database.close()
            throw error
        }
    }

    private func perform(_ command: Command, directory: Directory) async throws(CLIError) {
        switch command {
        case .tenantCreate(let name):
            let tenant = try await storeCall { try await directory.createTenant(name, requestID: requestID) }
            print(OutputDocuments.TenantDocument(tenant), table: tenantTable([tenant]))
        case .tenantList:
            let tenants = try await storeCall { try await directory.tenants() }
            print(["tenants": tenants.map(OutputDocuments.TenantDocument.init)], table: tenantTable(tenants))
        case .connectionCreate(let tenant, let name, let idp):
            let connection = try await storeCall {
                try await directory.createConnection(tenant: tenant, name: name, idp: idp, requestID: requestID)
            }
            let document = OutputDocuments.ConnectionDocument(connection, baseURL: configuration.effectiveBaseURL)
            print(document, table: "id           \(document.id)\nscimBaseURL  \(document.scimBaseURL)\n")
        case .connectionList(let tenant):
            if let tenant { _ = try await requireTenant(tenant, directory) }
            let connections = try await storeCall { try await directory.connections(tenant: tenant) }
            let documents = connections.map {
                OutputDocuments.ConnectionDocument($0, baseURL: configuration.effectiveBaseURL)
            }
            var table = TextTable(headers: ["TENANT", "ID", "NAME", "IDP", "CREATED", "SCIM BASE URL"])
            table.rows = documents.map { [$0.tenant, $0.id, $0.name, $0.idp, $0.createdAt, $0.scimBaseURL] }
            print(["connections": documents], table: table.render())
        case .tokenCreate(let tenant, let target):
            try await createToken(tenant: tenant, target: target, directory: directory)
        case .tokenList(let tenant):
            _ = try await requireTenant(tenant, directory)
            let tokens = try await storeCall { try await directory.tokens(tenant: tenant) }
            let documents = tokens.map { OutputDocuments.TokenDocument($0) }
            var table = TextTable(headers: ["ID", "KIND", "CONNECTION", "CREATED", "LAST USED", "STATUS"])
            table.rows = documents.map {
                [$0.id, $0.kind, $0.connection ?? "-", $0.createdAt, $0.lastUsedAt ?? "never", $0.status]
            }
            print(["tokens": documents], table: table.render())
        case .tokenRevoke(let tenant, let tokenID):
            let token = try await storeCall {
                try await directory.revokeToken(tenant: tenant, id: tokenID, requestID: requestID)
            }
            print(OutputDocuments.TokenDocument(token), table: "revoked \(token.id)\n")
        case .help, .serve, .version, .configCheck, .backup, .restore, .oktaConfigure, .reconcile, .report, .audit,
            .access, .rejected, .oktaKeygen, .tlsSelfSigned:
            break
        }
    }

    private func createToken(tenant: TenantName, target: TokenTarget, directory: Directory) async throws(CLIError) {
        let scope: TokenScope
        switch target {
        case .platform:
            _ = try await requireTenant(tenant, directory)
            scope = .platform
        case .connection(let reference):
            _ = try await requireTenant(tenant, directory)
            let connections = try await storeCall { try await directory.connections(tenant: tenant) }
            guard let connection = connections.first(where: { $0.id == reference })
                ?? connections.first(where: { $0.name == reference })
            else { throw .failure("no connection '\(reference)' in tenant '\(tenant)'") }
            scope = .scim(connectionID: connection.id)
        }
        let (token, secret) = try await storeCall {
            try await directory.createToken(tenant: tenant, scope: scope, requestID: requestID)
        }
        let table = """
            id     \(token.id)
            token  \(secret)

            This token is shown only once; store it in your IdP now.

            """
        print(OutputDocuments.TokenDocument(token, secret: secret), table: table)
    }

    private func requireTenant(_ name: TenantName, _ directory: Directory) async throws(CLIError) -> Tenant {
        guard let tenant = try await storeCall({ try await directory.tenant(named: name) }) else {
            throw .failure("no tenant '\(name)'")
        }
        return tenant
    }

    private func tenantTable(_ tenants: [Tenant]) -> String {
        var table = TextTable(headers: ["NAME", "CREATED"])
        table.rows = tenants.map { [$0.name.rawValue, Timestamp.format($0.createdAt)] }
        return table.render()
    }

    private func print(_ document: some Encodable, table: String) {
        output.out(json ? OutputDocuments.render(document) : table)
    }

    private func storeCall<T>(_ body: () async throws -> T) async throws(CLIError) -> T {
        do { return try await body() } catch { throw DatabaseOpening.describe(error) }
    }
}
