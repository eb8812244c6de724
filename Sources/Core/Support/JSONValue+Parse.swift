extension JSONValue {
    /// The largest `maxDepth` honoured, whatever the caller asks: the parser recurses once per
    /// nesting level, and this bound keeps it far from any thread's stack limit
    /// (hardening.md §1.7: deep JSON must be a clean error, never a stack overflow).
    public static let depthCeiling = 512

    /// The default body limit of ``parse(_:maxDepth:maxBytes:)``: 1 MiB.
    public static let defaultMaxBytes = 1 << 20

    /// Parses one JSON text (RFC 8259), strictly.
    ///
    /// Refused, each with a ``JSONParseError``: anything but whitespace after the value
    /// (§2), leading zeros, `+`, `.5`, `1.`, `NaN`/`Infinity` and numbers outside `Double`'s range
    /// (§6), raw control characters, unknown escapes, lone or reversed UTF-16 surrogates and
    /// invalid UTF-8 in strings (§7, §8.1), a byte-order mark, nesting deeper than `maxDepth`,
    /// inputs longer than `maxBytes`, and **duplicate object keys** (§4 leaves their meaning
    /// open; we refuse them rather than pick a winner that another parser might not).
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 encoded JSON.
    ///   - maxDepth: deepest array/object nesting allowed (clamped to ``depthCeiling``).
    ///   - maxBytes: longest input accepted.
    /// - Returns: the value.
    /// - Throws: ``JSONParseError``.
    public static func parse(
        _ bytes: some Collection<UInt8>,
        maxDepth: Int = 64,
        maxBytes: Int = JSONValue.defaultMaxBytes
    ) throws(JSONParseError) -> JSONValue {
        guard bytes.count <= maxBytes else { throw .tooLarge(limit: maxBytes) }
        let depth = min(max(maxDepth, 0), depthCeiling)
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) -> JSONValue in
                var parser = JSONParser(buffer, maxDepth: depth)
                return try parser.parseDocument()
            }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buffer throws(JSONParseError) -> JSONValue in
            var parser = JSONParser(buffer, maxDepth: depth)
            return try parser.parseDocument()
        }
    }

    /// Parses JSON text held in a `String` (see ``parse(_:maxDepth:maxBytes:)``).
    public static func parse(
        _ text: String,
        maxDepth: Int = 64,
        maxBytes: Int = JSONValue.defaultMaxBytes
    ) throws(JSONParseError) -> JSONValue {
        try parse(text.utf8, maxDepth: maxDepth, maxBytes: maxBytes)
    }
}
