import HTTPServer

/// Which IdP a SCIM request looks like it came from, for the request log (issue 7): Okta,
/// Entra or other, from the `User-Agent` and the payload's shape.
///
/// Runs on every SCIM request, so it searches bytes in place (ASCII case-insensitively for the
/// agent) instead of lowercasing and copying strings.
enum IdPDialect: String {
    case okta
    case entra
    case other

    /// Detects the dialect of `request`.
    static func detect(_ request: HTTPRequest) -> IdPDialect {
        if let agent = request.headers["User-Agent"] {
            var agent = agent
            let dialect = agent.withUTF8 { bytes -> IdPDialect? in
                if contains(bytes, "okta", ignoringCase: true) { return .okta }
                for tell in ["microsoft", "azure", "aad"] where contains(bytes, tell, ignoringCase: true) {
                    return .entra
                }
                return nil
            }
            if let dialect { return dialect }
        }
        // Entra's tells (okta-protocol.md B): the compliance flag in the query, capitalised
        // PATCH ops, string booleans.
        if var query = request.query, query.withUTF8({ contains($0, "aadOptscim062020", ignoringCase: false) }) {
            return .entra
        }
        if !request.body.isEmpty {
            let isEntra = request.body.withUnsafeBufferPointer { body in
                let prefix = UnsafeBufferPointer(rebasing: body.prefix(4096))
                return entraTells.contains { contains(prefix, $0, ignoringCase: false) }
            }
            if isEntra { return .entra }
        }
        return .other
    }

    private static let entraTells = [
        #""op":"Replace""#, #""op":"Add""#, #""op":"Remove""#, #""value":"False""#, #""value":"True""#,
    ]

    /// Whether `needle` (ASCII) occurs in `haystack`, optionally ignoring ASCII case.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: String, ignoringCase: Bool) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, haystack.count >= pattern.count else { return pattern.isEmpty }
        @inline(__always) func fold(_ byte: UInt8) -> UInt8 {
            ignoringCase && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
        }
        let first = fold(pattern[0])
        var start = 0
        while start <= haystack.count - pattern.count {
            if fold(haystack[start]) == first {
                var offset = 1
                while offset < pattern.count, fold(haystack[start + offset]) == fold(pattern[offset]) { offset += 1 }
                if offset == pattern.count { return true }
            }
            start += 1
        }
        return false
    }
}
