import HTTPServer

/// Which IdP a SCIM request looks like it came from, for the request log (issue 7): Okta,
/// Entra or other, from the `User-Agent` and the payload's shape.
enum IdPDialect: String {
    case okta
    case entra
    case other

    /// Detects the dialect of `request`.
    static func detect(_ request: HTTPRequest) -> IdPDialect {
        let agent = (request.headers["User-Agent"] ?? "").lowercased()
        if agent.contains("okta") { return .okta }
        if agent.contains("microsoft") || agent.contains("azure") || agent.contains("aad") { return .entra }
        // Entra's tells (okta-protocol.md B): the compliance flag in the query, capitalised
        // PATCH ops, string booleans.
        if let query = request.query, query.contains("aadOptscim062020") { return .entra }
        if !request.body.isEmpty {
            let text = String(decoding: request.body.prefix(4096), as: UTF8.self)
            for tell in [#""op":"Replace""#, #""op":"Add""#, #""op":"Remove""#, #""value":"False""#, #""value":"True""#]
            where text.contains(tell) {
                return .entra
            }
        }
        return .other
    }
}
