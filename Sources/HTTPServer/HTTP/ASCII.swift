// SPDX-License-Identifier: MIT

/// Byte classes from RFC 9110 §5.6.2 and RFC 5234 Appendix B, as lookup tables so the parser's inner
/// loops do one load per byte.
enum ASCII {
    /// CR (`%x0D`, RFC 5234 Appendix B).
    static let cr = UInt8(ascii: "\r")
    /// LF (`%x0A`, RFC 5234 Appendix B).
    static let lf = UInt8(ascii: "\n")
    /// SP (`%x20`), the separator in the request line (RFC 9112 §3).
    static let sp = UInt8(ascii: " ")
    /// HTAB (`%x09`), whitespace in `OWS` alongside SP (RFC 9110 §5.6.3).
    static let htab = UInt8(ascii: "\t")
    /// `:` ends a field name (RFC 9112 §5).
    static let colon = UInt8(ascii: ":")
    /// `;` starts a chunk extension (RFC 9112 §7.1.1) or a parameter (RFC 9110 §5.6.6).
    static let semicolon = UInt8(ascii: ";")
    /// DQUOTE, which delimits a `quoted-string` (RFC 9110 §5.6.4).
    static let quote = UInt8(ascii: "\"")
    /// `\` starts a `quoted-pair` inside a `quoted-string` (RFC 9110 §5.6.4).
    static let backslash = UInt8(ascii: "\\")

    /// `tchar` (RFC 9110 §5.6.2): the characters of a token (method, field name).
    static let isTokenChar: [Bool] = (0..<256).map { b in
        switch UInt8(b) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(UInt8(b))
        }
    }

    /// `field-vchar / SP / HTAB` (RFC 9110 §5.5): anything but controls and DEL; obs-text allowed.
    static let isFieldValueChar: [Bool] = (0..<256).map { b in
        b == 0x09 || b == 0x20 || (b > 0x20 && b != 0x7F)
    }

    /// Characters accepted in a request-target: visible ASCII only (RFC 3986 §2; RFC 9112 §3.2).
    static let isTargetChar: [Bool] = (0..<256).map { b in b > 0x20 && b < 0x7F }

    /// The value of a hex digit, or 0xFF for anything else.
    static let hexValue: [UInt8] = (0..<256).map { b in
        switch UInt8(b) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(b) - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(b) - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt8(b) - UInt8(ascii: "A") + 10
        default: 0xFF
        }
    }

    /// Whether `bytes` equals the lowercase ASCII `lower`, ignoring case.
    @inline(__always)
    static func equalsLowercased(_ bytes: UnsafeBufferPointer<UInt8>, _ lower: StaticString) -> Bool {
        guard bytes.count == lower.utf8CodeUnitCount else { return false }
        let l = lower.utf8Start
        for i in 0..<bytes.count where bytes[i] | 0x20 != l[i] { return false }
        return true
    }
}
