import HTTPServer

/// The query string of a platform request, validated strictly: an unknown or repeated parameter
/// is a 400 `invalid_parameter` rather than silently ignored, so a typo (`activ=false`) never
/// returns a wider answer than the client asked for.
struct PlatformQueryParameters {
    private var values: [String: String] = [:]

    /// Parses `request`'s query, accepting only `allowed` names, each at most once.
    init(_ request: HTTPRequest, allowed: Set<String>) throws(PlatformError) {
        for (name, value) in request.queryItems {
            guard allowed.contains(name) else {
                throw .invalidParameter("unknown query parameter '\(Self.printable(name))'")
            }
            guard values[name] == nil else { throw .invalidParameter("query parameter '\(name)' given twice") }
            values[name] = value
        }
    }

    /// The raw value of `name`; an empty value is refused.
    func string(_ name: String) throws(PlatformError) -> String? {
        guard let value = values[name] else { return nil }
        guard !value.isEmpty else { throw .invalidParameter("query parameter '\(name)' is empty") }
        return value
    }

    /// `true` / `false`.
    func bool(_ name: String) throws(PlatformError) -> Bool? {
        switch try string(name) {
        case nil: return nil
        case "true": return true
        case "false": return false
        default: throw .invalidParameter("query parameter '\(name)' must be true or false")
        }
    }

    /// A decimal integer within `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(PlatformError) -> Int? {
        guard let text = try string(name) else { return nil }
        guard text.utf8.count <= 10, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(text),
            range.contains(value)
        else {
            throw .invalidParameter(
                "query parameter '\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// The `after` cursor of `listing`, or nil to start at the beginning.
    func cursor(_ listing: PlatformCursor.Listing, context: PlatformRequestContext, scope: String = "")
        throws(PlatformError) -> PlatformCursor?
    {
        guard let text = values["after"] else { return nil }
        return try PlatformCursor.decode(text, listing: listing, tenant: context.tenant, scope: scope)
    }

    /// `name` cut to 64 characters with controls removed, safe to echo in a message.
    private static func printable(_ name: String) -> String {
        String(name.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(64).map(Character.init))
    }
}
