// SPDX-License-Identifier: MIT

extension HTTPRequest {
    /// The query as `application/x-www-form-urlencoded` pairs: percent-decoded, `+` read as space
    /// (WHATWG URL §5.1). Pairs without `=` get an empty value; malformed escapes are kept literally.
    public var queryItems: [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        // Split on the bytes `&` and `=` (WHATWG URL §5.1 works on bytes), not on Characters:
        // no grapheme breaking for every query of every request.
        var items: [(name: String, value: String)] = []
        let bytes = query.utf8
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.endIndex
            if start < end {
                let pair = bytes[start..<end]
                if let eq = pair.firstIndex(of: UInt8(ascii: "=")) {
                    items.append(
                        (Self.formDecode(Substring(bytes[start..<eq])),
                         Self.formDecode(Substring(bytes[bytes.index(after: eq)..<end]))))
                } else {
                    items.append((Self.formDecode(Substring(pair)), ""))
                }
            }
            start = end < bytes.endIndex ? bytes.index(after: end) : end
        }
        return items
    }

    /// The first query value for `name`, decoded.
    public func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// Decodes one form component.
    static func formDecode(_ s: Substring) -> String {
        percentDecode(s, plusAsSpace: true)
    }

    /// Percent-decodes `s` (RFC 3986 §2.1); an invalid `%` sequence is kept as is.
    static func percentDecode(_ s: Substring, plusAsSpace: Bool) -> String {
        // Most segments and values have nothing to decode: copy them as they are.
        if !s.utf8.contains(where: { $0 == UInt8(ascii: "%") || ($0 == UInt8(ascii: "+") && plusAsSpace) }) {
            return String(s)
        }
        let utf8 = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            let c = utf8[i]
            if c == UInt8(ascii: "%"), i + 2 < utf8.count,
                let h = hexValue(utf8[i + 1]), let l = hexValue(utf8[i + 2])
            {
                out.append(h << 4 | l)
                i += 3
            } else if c == UInt8(ascii: "+") && plusAsSpace {
                out.append(UInt8(ascii: " "))
                i += 1
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of one hex digit, or `nil`.
    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
