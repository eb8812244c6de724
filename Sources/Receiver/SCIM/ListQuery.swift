import Core
import Foundation
import HTTPServer
import SCIM

/// The query parameters of a SCIM list request (RFC 7644 §3.4.2): filter, paging, sorting and
/// attribute projection. Unknown parameters are ignored (Entra adds its own, hardening.md §1.3).
struct ListQuery: Sendable {
    /// The parsed filter, if any.
    let filter: SCIMFilter?
    /// `startIndex`/`count`, normalised per RFC 7644 §3.4.2.4.
    let paging: PagingParameters
    /// `sortBy`/`sortOrder`, if any.
    let sort: SortParameters?
    /// `attributes`/`excludedAttributes`.
    let projection: AttributeProjection

    /// Parses the query of `request` for resources of `kind`.
    init(_ request: HTTPRequest, kind: SCIMResourceKind, maxResults: Int) throws(SCIMError) {
        let items = request.queryItems
        func value(_ name: String) -> String? { ProjectionQuery.value(name, in: items) }
        filter = try value("filter").map { (text) throws(SCIMError) in try SCIMFilter.parse(text, for: kind) }
        paging = try PagingParameters(startIndex: value("startIndex"), count: value("count"), maxResults: maxResults)
        sort = try SortParameters(sortBy: value("sortBy"), sortOrder: value("sortOrder"), kind: kind)
        projection = try ProjectionQuery.parse(items)
    }

    /// Whether the store can page by itself: no residual filter to evaluate and no sort.
    func pagesInStore(residual: SCIMFilter?) -> Bool { residual == nil && sort == nil }
}

/// `attributes` / `excludedAttributes`, also accepted on single-resource GET, POST, PUT and
/// PATCH (RFC 7644 §3.9).
enum ProjectionQuery {
    /// The projection requested by `request`.
    static func parse(_ request: HTTPRequest) throws(SCIMError) -> AttributeProjection {
        guard request.query != nil else { return .all }
        return try parse(request.queryItems)
    }

    /// The projection named by already decoded query items.
    static func parse(_ items: [(name: String, value: String)]) throws(SCIMError) -> AttributeProjection {
        guard !items.isEmpty else { return .all }
        return try AttributeProjection(
            attributes: value("attributes", in: items), excludedAttributes: value("excludedAttributes", in: items))
    }

    /// The first value of the parameter `name`, matched ASCII case-insensitively (SCIM clients
    /// differ in how they capitalise `startIndex`, `excludedAttributes`, …).
    static func value(_ name: String, in items: [(name: String, value: String)]) -> String? {
        items.first { $0.name.caseInsensitiveEquals(name) }?.value
    }
}

/// Conditional requests with `ETag` = `meta.version` (RFC 7644 §3.14; RFC 9110 §13.1.1–2).
enum ETagCheck {
    /// Throws 412 when `If-Match` is present and names neither `*` nor `etag`.
    static func requireMatch(_ request: HTTPRequest, etag: String) throws(SCIMError) {
        let values = request.headers.values(for: "If-Match")
        guard !values.isEmpty else { return }
        let tags = values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        guard tags.contains("*") || tags.contains(where: { opaque($0) == opaque(etag) }) else {
            throw .preconditionFailed("the resource changed: its version is \(etag)")
        }
    }

    /// Whether `If-None-Match` names `etag` (or `*`), so a GET answers 304.
    static func isNotModified(_ request: HTTPRequest, etag: String) -> Bool {
        NotModified(request).matches(etag)
    }

    /// A request's `If-None-Match` tags, parsed once, to test against a version read later
    /// (inside a database transaction, without carrying the whole request there).
    struct NotModified: Sendable {
        private let tags: [String]

        /// The `If-None-Match` tags of `request` (none when the header is absent).
        init(_ request: HTTPRequest) {
            tags = request.headers.values(for: "If-None-Match").flatMap { $0.split(separator: ",") }
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }

        /// Whether the tags name `etag` (weakly) or `*`.
        func matches(_ etag: String) -> Bool {
            !tags.isEmpty && (tags.contains("*") || tags.contains(where: { ETagCheck.opaque($0) == ETagCheck.opaque(etag) }))
        }
    }

    /// Weak comparison: `W/"x"` and `"x"` are the same tag.
    fileprivate static func opaque(_ tag: String) -> Substring {
        tag.hasPrefix("W/") ? tag.dropFirst(2) : Substring(tag)
    }
}
