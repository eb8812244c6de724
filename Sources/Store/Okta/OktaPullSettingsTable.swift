import Core
import Foundation

/// SQL for `okta_pull_settings` (migrations `0004-okta-pull`, `0007-okta-oauth`).
public enum OktaPullSettingsTable {
    private static let columns =
        "tenant, connection_id, org_url, app_id, token_source, token_reference, created_at, updated_at, oauth_client_id, oauth_key_id"

    /// Inserts or replaces the settings of the connection; keeps the original `created_at`.
    public static func save(_ settings: OktaPullSettings, on connection: SQLiteConnection) throws {
        let (source, reference): (String, String)
        var (clientID, keyID): (String?, String?) = (nil, nil)
        switch settings.tokenSource {
        case .environment(let name): (source, reference) = ("env", name)
        case .file(let path): (source, reference) = ("file", path)
        case .serviceApp(let client, let keyFile, let kid): (source, reference, clientID, keyID) = ("file", keyFile, client, kid)
        }
        try connection.execute(
            """
            INSERT INTO okta_pull_settings (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant, connection_id) DO UPDATE SET org_url = excluded.org_url, app_id = excluded.app_id,
                token_source = excluded.token_source, token_reference = excluded.token_reference,
                updated_at = excluded.updated_at, oauth_client_id = excluded.oauth_client_id,
                oauth_key_id = excluded.oauth_key_id
            """,
            settings.tenant.rawValue, settings.connectionID, settings.orgURL, settings.appID, source, reference,
            settings.createdAt, settings.updatedAt, clientID, keyID)
    }

    /// The settings of one connection, if configured.
    public static func find(
        tenant: TenantName, connectionID: String, on connection: SQLiteConnection
    ) throws -> OktaPullSettings? {
        try connection.queryFirst(
            "SELECT \(columns) FROM okta_pull_settings WHERE tenant = ? AND connection_id = ?",
            tenant.rawValue, connectionID
        ).map(record)
    }

    /// Every configured connection, ordered by tenant and connection.
    public static func all(on connection: SQLiteConnection) throws -> [OktaPullSettings] {
        try connection.query("SELECT \(columns) FROM okta_pull_settings ORDER BY tenant, connection_id").map(record)
    }

    private static func record(_ row: Row) throws -> OktaPullSettings {
        let source: String = try row.value("token_source")
        let reference: String = try row.value("token_reference")
        let clientID: String? = try row.value("oauth_client_id")
        let tokenSource: OktaPullSettings.TokenSource =
            if let clientID {
                .serviceApp(clientID: clientID, privateKeyFile: reference, keyID: try row.value("oauth_key_id"))
            } else {
                source == "env" ? .environment(reference) : .file(reference)
            }
        return OktaPullSettings(
            tenant: try row.tenantName("tenant"), connectionID: try row.value("connection_id"),
            orgURL: try row.value("org_url"), appID: try row.value("app_id"), tokenSource: tokenSource,
            createdAt: try row.value("created_at"), updatedAt: try row.value("updated_at"))
    }
}
