import Core
import Foundation
import HTTPServer
import SCIM
import Store

/// `/Groups` and `/Groups/{id}`: pushed groups become teams (okta-protocol.md A7, B).
struct GroupsEndpoint: Sendable {
    /// The receiver that owns the database and settings.
    let receiver: SCIMReceiver

    private struct Loaded: Sendable {
        let team: TeamRecord
        let members: [SCIMMemberReference]?
    }

    /// `GET /Groups/{id}`; `excludedAttributes=members` skips loading members.
    func get(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        let id = try Self.id(context)
        let projection = try ProjectionQuery.parse(request)
        let wantsMembers = projection.isReturned("members", kind: .group)
        let loaded: Loaded? = try await context.read { connection in
            guard
                let team = try TeamTable.find(
                    tenant: context.tenant, connectionID: context.connectionID, id: id, on: connection)
            else { return nil }
            return Loaded(team: team, members: wantsMembers ? try GroupRendering.members(of: team, on: connection) : nil)
        }
        guard let loaded else { throw SCIMError.notFound("no group \(id)") }
        let etag = GroupRendering.meta(of: loaded.team).etag
        if ETagCheck.isNotModified(request, etag: etag) {
            return HTTPResponse(status: .notModified, headers: HTTPHeaders([("ETag", etag)]))
        }
        return respond(.ok, loaded, context, projection)
    }

    /// `POST /Groups`: 201 with `Location`.
    func create(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        let input = try SCIMGroupInput(bytes: request.body, maxBytes: receiver.settings.maxBodyBytes)
        let projection = try ProjectionQuery.parse(request)
        let wantsMembers = projection.isReturned("members", kind: .group)
        let time = receiver.now
        let loaded = try await context.write { connection in
            let team = try GroupWriter(context: context, time: time, connection: connection).create(input)
            return Loaded(team: team, members: wantsMembers ? try GroupRendering.members(of: team, on: connection) : nil)
        }
        var response = respond(.created, loaded, context, projection)
        response.headers["Location"] = context.renderer.location(of: .group, id: loaded.team.id)
        return response
    }

    /// `PUT /Groups/{id}`: replaces name and the whole member list.
    func replace(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        let id = try Self.id(context)
        let input = try SCIMGroupInput(bytes: request.body, maxBytes: receiver.settings.maxBodyBytes)
        let projection = try ProjectionQuery.parse(request)
        let wantsMembers = projection.isReturned("members", kind: .group)
        let time = receiver.now
        let loaded = try await context.write { connection in
            let existing = try Self.existing(id, context, request, connection)
            let team = try GroupWriter(context: context, time: time, connection: connection).replace(existing, with: input)
            return Loaded(team: team, members: wantsMembers ? try GroupRendering.members(of: team, on: connection) : nil)
        }
        return respond(.ok, loaded, context, projection)
    }

    /// `PATCH /Groups/{id}`: rename and membership operations; answers 204 (Okta and Entra
    /// accept 204 for group PATCH, and a 100,000-member body is not worth sending back), or 200
    /// with the resource when `attributes`/`excludedAttributes` asks for a representation.
    func patch(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        let id = try Self.id(context)
        let body = try SCIMRequestBody.parse(request.body, maxBytes: receiver.settings.maxBodyBytes)
        let patch = try PatchRequest(json: body, kind: .group)
        let projection = try ProjectionQuery.parse(request)
        let wantsBody = request.queryItems.contains { ["attributes", "excludedattributes"].contains($0.name.lowercased()) }
        let wantsMembers = wantsBody && projection.isReturned("members", kind: .group)
        let time = receiver.now
        let loaded = try await context.write { connection in
            let existing = try Self.existing(id, context, request, connection)
            let result = try PatchEngine(kind: .group).apply(
                patch, to: GroupRendering.attributes(of: existing), resourceID: existing.id)
            let team = try GroupWriter(context: context, time: time, connection: connection).patch(existing, with: result)
            return Loaded(team: team, members: wantsMembers ? try GroupRendering.members(of: team, on: connection) : nil)
        }
        var response =
            wantsBody
            ? respond(.ok, loaded, context, projection)
            : HTTPResponse(status: .noContent, headers: HTTPHeaders([("ETag", GroupRendering.meta(of: loaded.team).etag)]))
        if patch.touchesMembers { response.annotations.append(("operation", "group.patch.members")) }
        return response
    }

    /// `DELETE /Groups/{id}`: 204; the team is archived and its memberships ended.
    func delete(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        let id = try Self.id(context)
        let time = receiver.now
        try await context.write { connection in
            let existing = try Self.existing(id, context, request, connection)
            try GroupWriter(context: context, time: time, connection: connection).archive(existing)
        }
        return HTTPResponse(status: .noContent)
    }

    /// `GET /Groups`: `displayName eq` / `externalId eq` / `id eq` from indexes.
    func list(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        let query = try ListQuery(request, kind: .group, maxResults: receiver.settings.maxResults)
        let page = try await GroupListing(query: query, context: context).run()
        return SCIMResponse.json(.ok, page.json)
    }

    private func respond(
        _ status: HTTPStatus, _ loaded: Loaded, _ context: SCIMRequestContext, _ projection: AttributeProjection
    ) -> HTTPResponse {
        let body = GroupRendering.render(loaded.team, members: loaded.members, context: context, projection: projection)
        return SCIMResponse.resource(
            status, body: body.serialized(), etag: GroupRendering.meta(of: loaded.team).etag, id: loaded.team.id,
            externalID: loaded.team.externalID)
    }

    /// The `{id}` path parameter.
    /// - Throws: 404 when it is missing or empty.
    static func id(_ context: SCIMRequestContext) throws(SCIMError) -> String {
        guard let id = context.pathParameter, !id.isEmpty else { throw .notFound("no such group") }
        return id
    }

    /// The team `id` of this connection, after checking the request's `If-Match` against its ETag (RFC 7644 §3.14).
    /// - Throws: 404 when no such group exists; 412 when `If-Match` does not match.
    static func existing(
        _ id: String, _ context: SCIMRequestContext, _ request: HTTPRequest, _ connection: SQLiteConnection
    ) throws -> TeamRecord {
        guard
            let team = try TeamTable.find(tenant: context.tenant, connectionID: context.connectionID, id: id, on: connection)
        else { throw SCIMError.notFound("no group \(id)") }
        try ETagCheck.requireMatch(request, etag: GroupRendering.meta(of: team).etag)
        return team
    }
}

extension PatchRequest {
    /// Whether any operation targets `members` (for the `group.patch.members` log name):
    /// a `members…` path, or a path-less value naming `members`.
    var touchesMembers: Bool {
        operations.contains { operation in
            if let path = operation.path { return path.attribute.name.lowercased() == "members" }
            return operation.value?.objectValue?.keys.contains { $0.lowercased() == "members" } ?? false
        }
    }
}
