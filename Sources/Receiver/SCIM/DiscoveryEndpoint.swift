import Core
import Foundation
import HTTPServer
import SCIM

/// `ServiceProviderConfig`, `Schemas` and `ResourceTypes` (RFC 7644 §4): what Roster really
/// supports. Okta cloud ignores them; Entra's validator and other clients read them.
struct DiscoveryEndpoint: Sendable {
    /// The receiver whose settings (such as `maxResults`) the documents describe.
    let receiver: SCIMReceiver

    /// `GET /ServiceProviderConfig`.
    func serviceProviderConfig(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        try await context.authorize()
        return SCIMResponse.json(.ok, ServiceProviderConfig(maxResults: receiver.settings.maxResults).json(baseURL: context.baseURL))
    }

    /// `GET /Schemas`.
    func schemas(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        try await context.authorize()
        return SCIMResponse.json(.ok, SchemaDocuments.listResponse(baseURL: context.baseURL))
    }

    /// `GET /Schemas/{urn}`.
    func schema(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        try await context.authorize()
        guard let urn = context.pathParameter, let schema = SchemaDocuments.schema(id: urn) else {
            throw SCIMError.notFound("no such schema")
        }
        return SCIMResponse.json(.ok, SchemaDocuments.json(for: schema, baseURL: context.baseURL))
    }

    /// `GET /ResourceTypes`.
    func resourceTypes(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        try await context.authorize()
        return SCIMResponse.json(.ok, ResourceTypeDocuments.listResponse(baseURL: context.baseURL))
    }

    /// `GET /ResourceTypes/{User|Group}`.
    func resourceType(_ request: HTTPRequest, _ context: SCIMRequestContext) async throws -> HTTPResponse {
        try await context.authorize()
        guard let name = context.pathParameter,
            let kind = SCIMResourceKind.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(name) == .orderedSame })
        else { throw SCIMError.notFound("no such resource type") }
        return SCIMResponse.json(.ok, ResourceTypeDocuments.json(for: kind, baseURL: context.baseURL))
    }
}
