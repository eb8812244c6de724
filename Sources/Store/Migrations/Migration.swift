/// One step of the schema's history: an identifier and the SQL that performs it.
///
/// Migrations are **append-only**: once released, a migration's identifier and SQL never change;
/// fixes are new migrations (GRDB `Migrations.md` "Good Practices", style.md §8.10). Migrations
/// speak only SQL so that what ran on a customer's machine is exactly what is in this list.
public struct Migration: Sendable, Hashable {
    /// A unique, stable identifier such as `0001-initial-schema`.
    public let identifier: String
    /// One or more SQL statements, run in one `BEGIN IMMEDIATE` transaction.
    public let sql: String

    /// Creates a migration.
    public init(identifier: String, sql: String) {
        self.identifier = identifier
        self.sql = sql
    }

    /// Every migration this build knows, in the order they are applied.
    public static let all: [Migration] = [
        initialSchema, scimIndexes, platformIndexes, oktaPull, observability, reportAndMail, oktaOAuth, runActions,
        membershipTeamsIndex, leanUserIndexes, membershipLatestIndex, dropConnectionActiveIndex, auditActorCheck,
    ]
}
