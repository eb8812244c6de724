import Core
import Foundation
import Store

/// A unique directory under the system temporary directory, for tests that need real files.
/// Every test gets its own, so tests run in parallel without sharing state (style.md §8.13).
public struct TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates a new, empty directory.
    public init(prefix: String = "roster-test") throws {
        let base = FileManager.default.temporaryDirectory.path
        path = "\(base)/\(prefix)-\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { "\(path)/\(name)" }

    /// Deletes the directory and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs `body` with a fresh, migrated database in its own temporary directory, then closes the
/// database and deletes the directory, whether `body` succeeds or throws.
/// - Parameters:
///   - readers: The read-pool size.
///   - body: Receives the open database and its file path.
@discardableResult
public func withTemporaryDatabase<T>(
    readers: Int = 2, _ body: (Database, String) async throws -> T
) async throws -> T {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file("roster.db")
    let database = try await Database.open(at: path, readers: readers)
    do {
        let result = try await body(database, path)
        await database.close()
        return result
    } catch {
        await database.close()
        throw error
    }
}

/// Runs `body` with a fresh temporary database holding `tenant` and one Okta connection named
/// `okta` (see ``withTemporaryDatabase(readers:_:)``).
/// - Parameter body: Receives the open database and the connection's id.
@discardableResult
public func withTenantDatabase<T>(
    _ tenant: TenantName, _ body: (Database, String) async throws -> T
) async throws -> T {
    try await withTemporaryDatabase { database, _ in
        let directory = Directory(database: database)
        _ = try await directory.createTenant(tenant, requestID: nil)
        let connectionID = try await directory.createConnection(tenant: tenant, name: "okta", idp: .okta, requestID: nil).id
        return try await body(database, connectionID)
    }
}

/// Runs `body` with a fresh temporary directory, deleted afterwards.
@discardableResult
public func withTemporaryDirectory<T>(_ body: (TemporaryDirectory) async throws -> T) async throws -> T {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    return try await body(directory)
}
