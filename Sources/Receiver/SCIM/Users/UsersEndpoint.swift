import Core
import Foundation
import HTTPServer
import SCIM
import Store

/// `/Users` and `/Users/{id}` (RFC 7644 §3.3–3.6; okta-protocol.md A3–A6).
struct UsersEndpoint: Sendable {
    /// The receiver that owns the database and settings.
    let receiver: SCIMReceiver

    /// A user with its groups, read or written in one transaction.
    private struct Loaded: Sendable {
        let user: UserRecord
        let groups: [SCIMGroupReference]?
    }

    /// `GET /Users/{id}`; `If-None-Match` → 304.
    ///
    /// The body is rendered inside the read, on the reader's thread: the HTTP event loop is the
    /// busiest thread under read load, and rendering was an eighth of its time per request.
    func get(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        let id = try Self.id(context)
        let projection = try ProjectionQuery.parse(request)
        let wantsGroups = projection.isReturned("groups", kind: .user)
        let notModifiedCheck = ETagCheck.NotModified(request)
        let rendered: Rendered? = try await context.read { connection in
            guard
                let user = try UserTable.find(
                    tenant: context.tenant, connectionID: context.connectionID, id: id, loadEmails: false,
                    on: connection)
            else { return nil }
            let etag = UserRendering.meta(of: user).etag
            if notModifiedCheck.matches(etag) { return Rendered(user: user, etag: etag, body: nil) }
            let groups = wantsGroups ? try UserRendering.groups(of: user, on: connection) : nil
            return Rendered(
                user: user, etag: etag,
                body: try UserRendering.body(user, groups: groups, context: context, projection: projection))
        }
        guard let rendered else { throw SCIMError.notFound("no user \(id)") }
        guard let body = rendered.body else {
            return HTTPResponse(status: .notModified, headers: HTTPHeaders([("ETag", rendered.etag)]))
        }
        return Self.response(.ok, body: body, for: rendered.user, etag: rendered.etag)
    }

    /// A user read and, unless the client's copy is current, rendered in the same transaction.
    private struct Rendered: Sendable {
        let user: UserRecord
        let etag: String
        /// nil when `If-None-Match` named the current version (304).
        let body: [UInt8]?
    }

    /// `POST /Users`: 201 with the resource and `Location`; idempotent on `externalId`.
    func create(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        let input = try SCIMUserInput(bytes: request.body, maxBytes: receiver.settings.maxBodyBytes)
        let projection = try ProjectionQuery.parse(request)
        let time = receiver.now
        let draft = UserWriter.newUser(input, context: context, time: time)
        let provisionedAudit = draft.auditSnapshot.serializedString()
        let loaded = try await context.write { connection in
            let (user, isNew) = try UserWriter(context: context, time: time, connection: connection).create(
                draft, from: input, provisionedAudit: provisionedAudit)
            // A new user is in no group yet (see `UserWriter.create`): no query needed.
            return Loaded(user: user, groups: isNew ? [] : try UserRendering.groups(of: user, on: connection))
        }
        // Not remembered in the snapshot cache: that cost 3 % of the event loop per create (hashing
        // the key in both generations, turning generations over), and a new user's next change is
        // as likely a PUT, which does not use snapshots, as a PATCH.
        var response = try respond(.created, loaded, context, projection)
        response.headers["Location"] = context.renderer.location(of: .user, id: loaded.user.id)
        return response
    }

    /// `PUT /Users/{id}`: full replace (Okta's wizard apps send every update, activation and
    /// deactivation this way, okta-protocol.md A0).
    func replace(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        let id = try Self.id(context)
        let input = try SCIMUserInput(bytes: request.body, maxBytes: receiver.settings.maxBodyBytes)
        let projection = try ProjectionQuery.parse(request)
        let time = receiver.now
        let loaded = try await context.write { connection in
            let existing = try Self.existing(id, context, request, connection)
            let user = try UserWriter(context: context, time: time, connection: connection).replace(existing, with: input)
            return Loaded(user: user, groups: try UserRendering.groups(of: user, on: connection))
        }
        receiver.userSnapshots.remember(loaded.user)
        return try respond(.ok, loaded, context, projection)
    }

    /// `PATCH /Users/{id}`: RFC 7644 §3.5.2 plus Okta's and Entra's dialects; atomic.
    ///
    /// The patch is applied and the result re-validated *before* the write transaction, against
    /// the user as a read sees it: that work (parsing the stored resource, the patch engine,
    /// normalisation) then runs beside other requests instead of inside the one serial writer.
    /// The writer uses that result only if the user is still exactly the one it was computed
    /// from — its version is unchanged (``UserTable/liveVersion(tenant:connectionID:id:on:)``), one
    /// index lookup instead of reading the user again; otherwise (a concurrent write in between)
    /// it reads the user and applies the patch again itself, so the outcome is always that of the
    /// patch applied to the committed state.
    ///
    /// The user the patch is computed from is the receiver's snapshot of it when one is held
    /// (``UserSnapshotCache``: the result of this receiver's last `PATCH` or `PUT` of that user),
    /// else one read. The same version check makes a stale snapshot harmless. Without the read,
    /// the token is checked by the write trip alone, before the writer looks at anything.
    func patch(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        let id = try Self.id(context)
        let body = try SCIMRequestBody.parse(request.body, maxBytes: receiver.settings.maxBodyBytes)
        let patch = try PatchRequest(json: body, kind: .user)
        let projection = try ProjectionQuery.parse(request)
        let time = receiver.now
        let snapshot: UserRecord?
        if let held = receiver.userSnapshots.user(tenant: context.tenant, connectionID: context.connectionID, id: id) {
            snapshot = held
        } else {
            snapshot = try await context.read { connection in
                try UserTable.find(tenant: context.tenant, connectionID: context.connectionID, id: id, on: connection)
            }
        }
        let prepared = snapshot.map { user in
            // The stored attributes, parsed once for both the patch and the old profile.
            let stored = try? JSONValue.parse(user.attributes)
            return (
                user: user, outcome: Result { try Self.patched(user, stored: stored, by: patch) },
                profile: stored.flatMap(UserWriter.profile)
            )
        }
        let loaded = try await context.write { connection in
            let existing: UserRecord
            let input: SCIMUserInput
            var existingProfile: JSONValue?? = nil
            if let prepared,
                try UserTable.liveVersion(
                    tenant: context.tenant, connectionID: context.connectionID, id: id, on: connection)
                    == prepared.user.version
            {
                existing = prepared.user
                try ETagCheck.requireMatch(request, etag: UserRendering.meta(of: existing).etag)
                input = try prepared.outcome.get()
                existingProfile = .some(prepared.profile)
            } else {
                existing = try Self.existing(id, context, request, connection)
                input = try Self.patched(existing, stored: try? JSONValue.parse(existing.attributes), by: patch)
            }
            let user = try UserWriter(context: context, time: time, connection: connection).replace(
                existing, with: input, existingProfile: existingProfile)
            return Loaded(user: user, groups: try UserRendering.groups(of: user, on: connection))
        }
        receiver.userSnapshots.remember(loaded.user)
        return try respond(.ok, loaded, context, projection)
    }

    /// `DELETE /Users/{id}`: 204; the user is deactivated and hidden from SCIM, never erased.
    func delete(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        let id = try Self.id(context)
        let time = receiver.now
        try await context.write { connection in
            let existing = try Self.existing(id, context, request, connection)
            try UserWriter(context: context, time: time, connection: connection).delete(existing)
        }
        receiver.userSnapshots.forget(tenant: context.tenant, connectionID: context.connectionID, id: id)
        return HTTPResponse(status: .noContent)
    }

    /// `GET /Users`: always 200 with a ListResponse, zero results included (okta-protocol.md A3).
    func list(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        let query = try ListQuery(request, kind: .user, maxResults: receiver.settings.maxResults)
        let body = try await UserListing(query: query, context: context).run()
        return HTTPResponse.json(.ok, body, contentType: SCIMResponse.contentType)
    }

    private func respond(
        _ status: HTTPStatus, _ loaded: Loaded, _ context: SCIMRequestContext, _ projection: AttributeProjection
    ) throws -> HTTPResponse {
        let body = try UserRendering.body(loaded.user, groups: loaded.groups, context: context, projection: projection)
        return Self.response(status, body: body, for: loaded.user, etag: UserRendering.meta(of: loaded.user).etag)
    }

    /// The SCIM response carrying a rendered user.
    private static func response(_ status: HTTPStatus, body: [UInt8], for user: UserRecord, etag: String) -> HTTPResponse {
        SCIMResponse.resource(status, body: body, etag: etag, id: user.id, externalID: user.externalID)
    }

    /// The `:id` path parameter.
    static func id(_ context: SCIMRequestContext) throws(SCIMError) -> String {
        guard let id = context.pathParameter, !id.isEmpty else { throw .notFound("no such user") }
        return id
    }

    /// `user` with `patch` applied, validated as a whole resource (RFC 7644 §3.5.2: the result
    /// must be a valid resource, else nothing is applied).
    /// `stored` is `user.attributes` parsed (nil if it does not parse).
    static func patched(_ user: UserRecord, stored: JSONValue?, by patch: PatchRequest) throws -> SCIMUserInput {
        let result = try PatchEngine(kind: .user).apply(
            patch, to: UserRendering.attributes(of: user, stored: stored), resourceID: user.id)
        // The engine validated the result as a user already; that input is the result.
        return try result.user ?? SCIMUserInput(json: result.resource)
    }

    /// The live user `id` of the connection, checked against `If-Match`; 404 otherwise.
    static func existing(
        _ id: String, _ context: SCIMRequestContext, _ request: HTTPRequest, _ connection: SQLiteConnection
    ) throws -> UserRecord {
        guard
            let user = try UserTable.find(tenant: context.tenant, connectionID: context.connectionID, id: id, on: connection)
        else { throw SCIMError.notFound("no user \(id)") }
        try ETagCheck.requireMatch(request, etag: UserRendering.meta(of: user).etag)
        return user
    }
}
