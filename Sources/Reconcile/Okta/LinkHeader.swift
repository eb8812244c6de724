import Foundation

/// Parses `Link` header values (RFC 8288 §3) for the `rel="next"` target, the only way Okta
/// pages (okta-protocol.md C3: follow the URL, never build it).
enum LinkHeader {
    /// The `rel="next"` URL among all `Link` values, or nil when the listing ended.
    static func next(in values: [String]) -> String? {
        for value in values {
            for link in splitLinks(value) {
                guard let open = link.firstIndex(of: "<"), let close = link.firstIndex(of: ">"), open < close else {
                    continue
                }
                let target = String(link[link.index(after: open)..<close])
                let parameters = link[link.index(after: close)...].split(separator: ";")
                for parameter in parameters {
                    let parts = parameter.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2,
                        parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "rel"
                    else { continue }
                    let relations = parts[1].trimmingCharacters(in: .whitespaces)
                        .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                        .lowercased().split(separator: " ")
                    if relations.contains("next") { return target }
                }
            }
        }
        return nil
    }

    /// Splits one header value into links at commas outside `<…>` and quotes.
    private static func splitLinks(_ value: String) -> [Substring] {
        var links: [Substring] = []
        var start = value.startIndex
        var inTarget = false
        var inQuotes = false
        for index in value.indices {
            switch value[index] {
            case "<" where !inQuotes: inTarget = true
            case ">" where !inQuotes: inTarget = false
            case "\"" where !inTarget: inQuotes.toggle()
            case "," where !inTarget && !inQuotes:
                links.append(value[start..<index])
                start = value.index(after: index)
            default: break
            }
        }
        links.append(value[start...])
        return links
    }
}
