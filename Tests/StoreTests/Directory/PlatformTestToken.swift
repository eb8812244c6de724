import Core
@testable import Store
import Testing

/// A platform token for the Directory tests.
enum PlatformTestToken {
    /// Creates `tenant` and a platform token of it; returns the token and its digest.
    static func make(_ database: Database, tenant: TenantName) async throws -> (APIToken, [UInt8]) {
        let directory = Directory(database: database)
        _ = try await directory.createTenant(tenant, requestID: nil)
        let (token, secret) = try await directory.createToken(tenant: tenant, scope: .platform, requestID: nil)
        return (token, try #require(Directory.digest(ofSecret: secret)))
    }
}
