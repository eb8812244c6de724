import Core
import Foundation

/// SQL for the `users` table. Every function runs on a connection the caller holds inside
/// `Database.read {}` / `Database.write {}`, so the SCIM receiver can read, decide and write in
/// one transaction (no lost updates, no duplicate creates). Every query is scoped by tenant and
/// connection: an id of another tenant finds nothing, exactly like a random one.
public enum UserTable {
    /// The `SELECT` column list that ``record(_:_:)`` reads.
    static let columns = """
        id, tenant, connection_id, external_id, user_name, user_name_canonical, active, deleted_at, attributes, \
        created_at, updated_at, version
        """

    /// ``columns`` qualified with the `u.` alias of ``list(tenant:connectionID:selection:offset:limit:on:)``.
    private static let qualifiedColumns = columns.split(separator: ",")
        .map { "u." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")

    // Hot statements, built once: the statement cache is keyed by SQL text, and interpolating it
    // per call would allocate and hash a fresh string on every request.
    private static let selectByID =
        "SELECT \(columns) FROM users WHERE tenant = ? AND connection_id = ? AND id = ? AND deleted_at IS NULL"
    private static let selectByIDIncludingDeleted =
        "SELECT \(columns) FROM users WHERE tenant = ? AND connection_id = ? AND id = ?"
    private static let selectByExternalID =
        "SELECT \(columns) FROM users WHERE tenant = ? AND connection_id = ? AND external_id = ?"
    private static let selectByUserName =
        "SELECT \(columns) FROM users WHERE tenant = ? AND user_name_canonical = ? AND deleted_at IS NULL"
    private static let insertRow = "INSERT INTO users (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    /// The user `id` of the connection; deleted users only when `includeDeleted`. Read-only
    /// callers may skip the email index rows (`loadEmails: false`); such a record must not be
    /// written back with ``update(_:on:)``, which rewrites the index from `emailValues`.
    public static func find(
        tenant: TenantName, connectionID: String, id: String, includeDeleted: Bool = false, loadEmails: Bool = true,
        on connection: SQLiteConnection
    ) throws -> UserRecord? {
        return try connection.queryFirst(
            includeDeleted ? Self.selectByIDIncludingDeleted : Self.selectByID, tenant.rawValue, connectionID, id
        ).map {
            try record($0, loadEmails ? connection : nil)
        }
    }

    /// The user of the connection with `externalID`, deleted or not.
    public static func find(
        tenant: TenantName, connectionID: String, externalID: String, on connection: SQLiteConnection
    ) throws -> UserRecord? {
        try connection.queryFirst(
            Self.selectByExternalID,
            tenant.rawValue, connectionID, externalID
        ).map { try record($0, connection) }
    }

    /// The version of the live user `id` of the connection, nil when there is none. Every change
    /// to a user row, and to its email index rows, goes through ``update(_:from:on:)`` with the
    /// version one higher, so an unchanged version means an unchanged user: a writer holding a
    /// copy read earlier can check it is still current without reading it again.
    public static func liveVersion(
        tenant: TenantName, connectionID: String, id: String, on connection: SQLiteConnection
    ) throws -> Int? {
        try connection.queryFirst(Self.selectLiveVersion, tenant.rawValue, connectionID, id)?.value(at: 0, as: Int.self)
    }

    private static let selectLiveVersion =
        "SELECT version FROM users WHERE tenant = ? AND connection_id = ? AND id = ? AND deleted_at IS NULL"

    /// Whether the live user `id` of the connection has access: nil when there is no such user.
    /// A cheap check for membership changes, which touch thousands of users per request.
    public static func access(
        tenant: TenantName, connectionID: String, id: String, on connection: SQLiteConnection
    ) throws -> Bool? {
        try connection.queryFirst(
            "SELECT active FROM users WHERE tenant = ? AND connection_id = ? AND id = ? AND deleted_at IS NULL",
            tenant.rawValue, connectionID, id
        ).map { try $0.value(at: 0, as: Bool.self) }
    }

    /// The non-deleted user of the *tenant* (any connection) holding the canonical userName.
    public static func find(
        tenant: TenantName, userNameCanonical: String, on connection: SQLiteConnection
    ) throws -> UserRecord? {
        try connection.queryFirst(
            Self.selectByUserName,
            tenant.rawValue, userNameCanonical
        ).map { try record($0, connection) }
    }

    /// Whether a new user of the connection would collide with an existing row: the `id` is
    /// taken anywhere (ids are global keys), the `externalID` in the connection (deleted users
    /// included), or the canonical userName by a live user of the tenant. One statement instead
    /// of three record lookups, for the reconciler's provisioning of thousands of users.
    public static func wouldCollide(
        tenant: TenantName, connectionID: String, id: String, externalID: String, userNameCanonical: String,
        on connection: SQLiteConnection
    ) throws -> Bool {
        try connection.queryFirst(
            """
            SELECT EXISTS (SELECT 1 FROM users WHERE id = ?)
                OR EXISTS (SELECT 1 FROM users WHERE tenant = ? AND connection_id = ? AND external_id = ?)
                OR EXISTS (SELECT 1 FROM users WHERE tenant = ? AND user_name_canonical = ? AND deleted_at IS NULL)
            """,
            id, tenant.rawValue, connectionID, externalID, tenant.rawValue, userNameCanonical
        )!.value(at: 0, as: Bool.self)
    }

    /// Inserts a new user and its email index rows.
    public static func insert(_ user: UserRecord, on connection: SQLiteConnection) throws {
        try connection.execute(
            Self.insertRow,
            user.id, user.tenant.rawValue, user.connectionID, user.externalID, user.userName, user.userNameCanonical,
            user.active, user.deletedAt, user.attributes, user.createdAt, user.updatedAt, user.version)
        // A new row has no index rows to clear (they reference it by foreign key).
        try insertEmails(user, on: connection)
    }

    /// Writes `user` (matched by tenant and id) over `previous`, the same row as read in this
    /// transaction (with its email index values, the default of ``find(tenant:connectionID:id:includeDeleted:loadEmails:on:)``).
    ///
    /// Only the columns that differ are set, and the email index rows are rewritten only when the
    /// emails differ: SQLite rewrites the entry of every index that covers a column named in
    /// `SET`, changed or not (https://www.sqlite.org/lang_update.html), and the user table has
    /// nine indexes — a deactivation changes `active` and touches two of them, not all nine.
    /// - Throws: ``StoreError/conflict(_:)`` when the stored user is not at `previous.version`
    ///   (then nothing is written).
    public static func update(_ user: UserRecord, from previous: UserRecord, on connection: SQLiteConnection) throws {
        precondition(user.tenant == previous.tenant && user.id == previous.id, "an update rewrites the same user")
        // ``liveVersion(tenant:connectionID:id:on:)`` callers trust an unchanged version to mean an
        // unchanged user (the PATCH path and the receiver's snapshot cache): every update bumps it.
        precondition(user.version == previous.version + 1, "an update bumps the user's version by one")
        var assignments = ["updated_at = ?", "version = ?"]
        var arguments: [any SQLiteValueConvertible] = [user.updatedAt, user.version]
        func set(_ column: String, _ value: any SQLiteValueConvertible, if changed: Bool) {
            guard changed else { return }
            assignments.append("\(column) = ?")
            arguments.append(value)
        }
        set("external_id", user.externalID, if: user.externalID != previous.externalID)
        set("user_name", user.userName, if: user.userName != previous.userName)
        set("user_name_canonical", user.userNameCanonical, if: user.userNameCanonical != previous.userNameCanonical)
        set("active", user.active, if: user.active != previous.active)
        set("deleted_at", user.deletedAt, if: user.deletedAt != previous.deletedAt)
        set("attributes", user.attributes, if: user.attributes != previous.attributes)
        // `version = ?` makes a lost update impossible here whatever the caller did: a `previous`
        // that is not the stored user changes no row, and that is refused.
        try connection.execute(
            "UPDATE users SET \(assignments.joined(separator: ", ")) WHERE tenant = ? AND id = ? AND version = ?",
            arguments: arguments + [user.tenant.rawValue, user.id, previous.version])
        guard connection.changes == 1 else {
            throw StoreError.conflict("user \(user.id) changed after version \(previous.version) was read")
        }
        if user.emailValues != previous.emailValues { try replaceEmails(user, on: connection) }
    }

    /// Non-deleted users of the connection matching `selection`, in stable (insertion) order:
    /// the total count and the page `offset ..< offset + limit`.
    public static func list(
        tenant: TenantName, connectionID: String, selection: UserSelection, offset: Int, limit: Int,
        on connection: SQLiteConnection
    ) throws -> (total: Int, users: [UserRecord]) {
        var arguments: [any SQLiteValueConvertible] = [tenant.rawValue, connectionID]
        let statements: ListStatements
        switch selection {
        case .all:
            statements = .all
        case .id(let id):
            statements = .byID
            arguments.append(id)
        case .userName(let canonical):
            statements = .byUserName
            arguments.append(canonical)
        case .externalID(let externalID):
            statements = .byExternalID
            arguments.append(externalID)
        case .email(let canonical):
            statements = .byEmail
            arguments.append(contentsOf: [tenant.rawValue, canonical])
        }
        // The page first: when it starts at the beginning and is not full, its size is the total
        // (both reads are in the caller's one snapshot), which saves the count for the lookups
        // IdPs make all the time (`userName eq`, `externalId eq`: zero or one row).
        let rows = limit > 0 ? try connection.query(statements.page, arguments: arguments + [limit, offset]) : []
        let users = try rows.map { try record($0, nil) }
        if offset == 0, limit > 0, users.count < limit { return (users.count, users) }
        let total = try connection.queryFirst(statements.count, arguments: arguments)!.value(at: 0, as: Int.self)
        return (total, users)
    }

    /// The page and count statements of ``list(tenant:connectionID:selection:offset:limit:on:)``
    /// for one shape of ``UserSelection``, built once: the statement cache is keyed by SQL text,
    /// and every SCIM filter lookup (`userName eq`, `externalId eq`, …) runs one of these.
    private struct ListStatements {
        /// `SELECT` of one page, arguments: the condition's, then `LIMIT` and `OFFSET`.
        let page: String
        /// `SELECT count(*)` under the same condition.
        let count: String

        /// The statements for users of `from` (aliased `u`) matching the connection's live users
        /// and `condition` (which adds its own arguments after tenant and connection id).
        init(from: String = "users u", _ condition: String = "") {
            let filter = "u.tenant = ? AND u.connection_id = ? AND u.deleted_at IS NULL" + condition
            page = "SELECT \(UserTable.qualifiedColumns) FROM \(from) WHERE \(filter) ORDER BY u.rowid LIMIT ? OFFSET ?"
            count = "SELECT count(*) FROM \(from) WHERE \(filter)"
        }

        static let all = ListStatements()
        static let byID = ListStatements(" AND u.id = ?")
        static let byUserName = ListStatements(" AND u.user_name_canonical = ?")
        static let byExternalID = ListStatements(" AND u.external_id = ?")
        static let byEmail = ListStatements(
            from: "user_emails e JOIN users u ON u.tenant = e.tenant AND u.id = e.user_id",
            " AND e.tenant = ? AND e.value_canonical = ?")
    }

    /// Every user of the connection, deleted ones included, in insertion order, without their
    /// email index rows: a read-only view for the reconciler's diff (never written back).
    public static func listAll(
        tenant: TenantName, connectionID: String, on connection: SQLiteConnection
    ) throws -> [UserRecord] {
        try connection.query(
            "SELECT \(columns) FROM users WHERE tenant = ? AND connection_id = ? ORDER BY rowid",
            tenant.rawValue, connectionID
        ).map { try record($0, nil) }
    }

    private static func replaceEmails(_ user: UserRecord, on connection: SQLiteConnection) throws {
        try connection.execute("DELETE FROM user_emails WHERE tenant = ? AND user_id = ?", user.tenant.rawValue, user.id)
        try insertEmails(user, on: connection)
    }

    /// Writes the email index rows of `user` (which has none yet).
    private static func insertEmails(_ user: UserRecord, on connection: SQLiteConnection) throws {
        // Usually one address: only several need deduplicating (the index's key is unique).
        for value in user.emailValues.count < 2 ? user.emailValues : Array(Set(user.emailValues)) {
            try connection.execute(
                "INSERT INTO user_emails (tenant, user_id, value_canonical) VALUES (?, ?, ?)",
                user.tenant.rawValue, user.id, value)
        }
    }

    /// The user in `row`, which must hold ``columns``; its email index values are loaded through `connection`, or left
    /// empty when it is nil.
    /// - Throws: when a column is missing or the stored tenant name is invalid.
    static func record(_ row: Row, _ connection: SQLiteConnection?) throws -> UserRecord {
        let tenantText: String = try row.value("tenant")
        guard let tenant = TenantName(rawValue: tenantText) else {
            throw SQLiteError.misuse("stored tenant name '\(tenantText)' is invalid")
        }
        let id: String = try row.value("id")
        let emails = try connection?.query(
            "SELECT value_canonical FROM user_emails WHERE tenant = ? AND user_id = ? ORDER BY value_canonical",
            tenantText, id
        ).map { try $0.value(at: 0, as: String.self) } ?? []
        return UserRecord(
            id: id, tenant: tenant, connectionID: try row.value("connection_id"),
            externalID: try row.value("external_id"), userName: try row.value("user_name"),
            userNameCanonical: try row.value("user_name_canonical"), active: try row.value("active"),
            deletedAt: try row.value("deleted_at"), attributes: try row.value("attributes"), emailValues: emails,
            createdAt: try row.value("created_at"), updatedAt: try row.value("updated_at"),
            version: try row.value("version"))
    }
}
