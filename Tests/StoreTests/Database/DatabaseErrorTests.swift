import Store
import TestSupport
import Testing

@Suite struct DatabaseErrorTests {
    @Test func sqliteFailuresSurfaceAsStoreErrorWithoutValues() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            try await database.write { try $0.execute("INSERT INTO tenants (name, created_at) VALUES (?, 0)", "pii-name") }
            do {
                try await database.write {
                    try $0.execute("INSERT INTO tenants (name, created_at) VALUES (?, 0)", "pii-name")
                }
                Issue.record("duplicate insert succeeded")
            } catch StoreError.sqlite(let error) {
                #expect(error.isUniqueViolation)
                #expect(!"\(StoreError.sqlite(error))".contains("pii-name"))
            }
        }
    }

    @Test func cancelledTaskWritesNothing() async throws {
        try await withTemporaryDatabase { database, _ async throws in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                try await database.write { try $0.execute("INSERT INTO tenants (name, created_at) VALUES ('x', 0)") }
            }
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(try await database.read { try $0.query("SELECT * FROM tenants").count } == 0)
        }
    }

    @Test func descriptionsAreActionable() {
        #expect("\(StoreError.locked(path: "/d/roster.db"))".contains("another `roster serve`"))
        #expect("\(StoreError.newerSchema(found: 3, supported: 1))".contains("upgrade Roster"))
        #expect("\(StoreError.unreadable(path: "/d", reason: "it is a directory"))".contains("/d"))
        #expect("\(StoreError.corrupt(path: "/d/x.db", details: "file is not a database"))".contains("backup"))
    }
}
