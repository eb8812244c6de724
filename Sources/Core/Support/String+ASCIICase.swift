extension String {
    /// ASCII case-insensitive equality, as SCIM attribute names and URNs compare (RFC 7643 §2.1;
    /// attribute names are ASCII by the ABNF of §2.1) and as HTTP tokens such as media types and
    /// query parameter names are matched. Non-ASCII bytes compare exactly.
    public func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && hasCaseInsensitivePrefix(other)
    }

    /// Whether this starts with `prefix`, ASCII case-insensitively.
    public func hasCaseInsensitivePrefix(_ prefix: String) -> Bool {
        guard utf8.count >= prefix.utf8.count else { return false }
        // Over the strings' own UTF-8 buffers (schema lookups run this for every attribute of
        // every request); `withUTF8` copies only a bridged, non-contiguous string.
        var own = self
        var other = prefix
        return own.withUTF8 { own in
            other.withUTF8 { other in
                for index in 0..<other.count where own[index] != other[index] {
                    if Self.foldASCII(own[index]) != Self.foldASCII(other[index]) { return false }
                }
                return true
            }
        }
    }

    /// `A`–`Z` to `a`–`z`; every other byte unchanged.
    private static func foldASCII(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
