import Core
import Foundation

/// JSON shapes printed by `--json`. Field names are part of the CLI's interface: keep them stable.
enum OutputDocuments {
    /// A tenant.
    struct TenantDocument: Encodable {
        let name: String
        let createdAt: String
        init(_ tenant: Tenant) {
            name = tenant.name.rawValue
            createdAt = Timestamp.format(tenant.createdAt)
        }
    }

    /// A connection with its SCIM base URL.
    struct ConnectionDocument: Encodable {
        let id: String
        let tenant: String
        let name: String
        let idp: String
        let createdAt: String
        let scimBaseURL: String
        init(_ connection: Connection, baseURL: String) {
            id = connection.id
            tenant = connection.tenant.rawValue
            name = connection.name
            idp = connection.idp.rawValue
            createdAt = Timestamp.format(connection.createdAt)
            scimBaseURL = baseURL + connection.scimBasePath
        }
    }

    /// A token's public record; `token` (the secret) is present only right after creation.
    struct TokenDocument: Encodable {
        let id: String
        let tenant: String
        let kind: String
        let connection: String?
        let createdAt: String
        let lastUsedAt: String?
        let revokedAt: String?
        let status: String
        let token: String?
        init(_ record: APIToken, secret: String? = nil) {
            id = record.id
            tenant = record.tenant.rawValue
            kind = record.scope.kind
            connection = record.scope.connectionID
            createdAt = Timestamp.format(record.createdAt)
            lastUsedAt = record.lastUsedAt.map(Timestamp.format)
            revokedAt = record.revokedAt.map(Timestamp.format)
            status = record.isActive ? "active" : "revoked"
            token = secret
        }

        enum CodingKeys: String, CodingKey {
            case id, tenant, kind, connection, createdAt, lastUsedAt, revokedAt, status, token
        }

        /// Encodes explicit nulls for absent dates, so consumers see every field.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(tenant, forKey: .tenant)
            try container.encode(kind, forKey: .kind)
            try container.encode(connection, forKey: .connection)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(lastUsedAt, forKey: .lastUsedAt)
            try container.encode(revokedAt, forKey: .revokedAt)
            try container.encode(status, forKey: .status)
            try container.encodeIfPresent(token, forKey: .token)
        }
    }

    /// Encodes `value` as pretty, key-sorted JSON followed by a newline.
    static func render(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// RFC 3339 UTC timestamps with seconds, as shown by admin commands.
enum Timestamp {
    /// Formats `date`, e.g. `2026-11-29T12:00:00Z`.
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }
}
