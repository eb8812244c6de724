/// Header field encoding for mail built from data (tenant names, display names, subjects).
///
/// - Unstructured values are made safe first: every CR, LF and other control character becomes
///   a space, so a value can never end the field and start another (header injection,
///   hardening.md §2).
/// - ASCII values are folded at spaces to lines of at most 78 characters (RFC 5322 §2.1.1,
///   §2.2.3: folding inserts CRLF before a space, which unfolding removes).
/// - Values with non-ASCII characters become RFC 2047 encoded-words (`=?UTF-8?B?…?=`), each at
///   most 75 characters (§2), never splitting a UTF-8 sequence (§5 rule 3), separated by
///   CRLF SP (a fold, which §6.2 says is dropped between adjacent encoded-words).
public enum MailHeader {
    /// One field line (with folds), without the final CRLF.
    public static func field(_ name: String, _ value: String) -> String {
        let clean = sanitize(value)
        if clean.unicodeScalars.allSatisfy({ $0.isASCII }) { return fold(name + ": " + clean) }
        return name + ": " + encodedWords(clean, firstLineUsed: name.count + 2)
    }

    /// The value with control characters (CR, LF, NUL, TAB, DEL, C1) replaced by spaces and
    /// runs of whitespace collapsed.
    public static func sanitize(_ value: String) -> String {
        var out = ""
        var lastWasSpace = false
        for scalar in value.unicodeScalars {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
            if isControl || scalar == " " {
                if !lastWasSpace && !out.isEmpty { out.unicodeScalars.append(" ") }
                lastWasSpace = true
            } else {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        while out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    /// Folds an ASCII line at spaces so each physical line has at most 78 characters where
    /// possible (a word longer than that stays whole: RFC 5322 §2.1.1 allows up to 998).
    static func fold(_ line: String) -> String {
        guard line.count > 78 else { return line }
        var lines: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count > 78 {
                lines.append(current)
                current = " " + word
            } else {
                current += " " + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    /// RFC 2047 "B" encoded-words for `text`.
    static func encodedWords(_ text: String, firstLineUsed: Int) -> String {
        // At most 36 bytes of UTF-8 per word: 48 base64 characters + `=?UTF-8?B?` + `?=` = 60,
        // under the 75 of §2, and the first line (`Subject: ` + a word) stays under 78.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 36, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?=") }
        _ = firstLineUsed
        return words.joined(separator: "\r\n ")
    }
}

/// RFC 2045 §6.8 base64 (also used for the MIME bodies).
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// `bytes` as base64 on one line.
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(index + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `bytes` as base64 in lines of 76 characters joined by CRLF (RFC 2045 §6.8).
    static func encodeLines(_ bytes: [UInt8]) -> String {
        let text = Array(encode(bytes))
        var lines: [String] = []
        var start = 0
        while start < text.count {
            lines.append(String(text[start..<min(start + 76, text.count)]))
            start += 76
        }
        return lines.joined(separator: "\r\n")
    }
}
