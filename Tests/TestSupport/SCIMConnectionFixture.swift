import Foundation

/// A tenant `acme` with one Okta connection and its SCIM token, created through the real CLI
/// (as an admin would), for live tests that then start `roster serve` on the same database.
public struct SCIMConnectionFixture: Sendable {
    /// The connection id (the `{connectionId}` of SCIM URLs).
    public let connectionID: String
    /// The connection's bearer token.
    public let token: String

    /// Creates the tenant, connection and token in the database at `db`.
    public static func create(db: String) async throws -> SCIMConnectionFixture {
        _ = try await ChildProcess.run(["tenant", "create", "acme", "--db", db])
        let connection = try await ChildProcess.run(["connection", "create", "acme", "--name", "okta", "--db", db, "--json"])
        let created = try await ChildProcess.run(["token", "create", "acme", "okta", "--db", db, "--json"])
        guard let connectionID = field("id", of: connection.out), let token = field("token", of: created.out) else {
            throw FixtureError.cliFailed(connection.err + created.err)
        }
        return SCIMConnectionFixture(connectionID: connectionID, token: token)
    }

    private static func field(_ name: String, of json: String) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?[name] as? String
    }

    /// The CLI did not print what was expected.
    public enum FixtureError: Error { case cliFailed(String) }
}
