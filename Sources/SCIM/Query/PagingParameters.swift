/// `startIndex` and `count` (RFC 7644 §3.4.2.4), clamped as the RFC says.
public struct PagingParameters: Sendable, Equatable {
    /// 1-based start; values below 1 are read as 1.
    public var startIndex: Int
    /// Page size: negative is read as 0, absent or larger than `maxResults` is `maxResults`.
    public var count: Int

    /// Creates clamped parameters.
    public init(startIndex: Int = 1, count: Int, maxResults: Int) {
        self.startIndex = max(1, startIndex)
        self.count = min(max(0, count), maxResults)
    }

    /// Parses the raw query values.
    /// - Parameters:
    ///   - startIndex: the `startIndex` value, if present.
    ///   - count: the `count` value, if present.
    ///   - maxResults: the advertised `filter.maxResults`, also the default page size.
    /// - Throws: 400 `invalidValue` when a value is not an integer.
    public init(startIndex: String?, count: String?, maxResults: Int) throws(SCIMError) {
        let start = try Self.integer(startIndex, "startIndex") ?? 1
        let size = try Self.integer(count, "count") ?? maxResults
        self.init(startIndex: start, count: size, maxResults: maxResults)
    }

    /// The 0-based offset of the first result (for SQL `OFFSET`).
    public var offset: Int { startIndex - 1 }

    private static func integer(_ text: String?, _ name: String) throws(SCIMError) -> Int? {
        guard let text else { return nil }
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty, let value = Int(trimmed) else {
            throw .invalidValue("\(name) must be an integer, got '\(text.prefix(40))'")
        }
        return value
    }
}

extension String {
    /// The string without leading and trailing spaces (only U+0020).
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
