import Foundation

/// The one rule that turns a SCIM `userName` into the key used for uniqueness, `eq` filters,
/// PATCH lookups and reconciliation (design.md "SCIM receiver rules"; hardening.md §1.9).
///
/// RFC 7643 §4.1.1 makes `userName` `caseExact: false` with `uniqueness: server`, so `Alice`
/// and `alice` are one user. The value a client sent is stored verbatim for echo; only this
/// canonical form is indexed and compared.
///
/// The rule, modelled on PRECIS `UsernameCaseMapped` (RFC 8265 §3.3), in order:
/// 1. **Reject** the empty string, strings over ``maximumUTF8Length`` bytes, and any code point
///    that is a control (`Cc`), format (`Cf`: zero-width space/joiner/non-joiner, bidi controls
///    such as U+202E, U+2066…U+2069, U+FEFF, soft hyphen), surrogate (`Cs`), private use (`Co`),
///    unassigned (`Cn`, as of the toolchain's Unicode tables), line or paragraph separator
///    (`Zl`, `Zp`) or another default-ignorable code point (e.g. U+3164 HANGUL FILLER,
///    variation selectors). These are invisible and would let two visually identical
///    names be different accounts.
/// 2. **Width-map**: fullwidth and halfwidth forms (U+FF01…U+FFEE) and U+3000 IDEOGRAPHIC SPACE
///    become their compatibility equivalents (`ａｌｉｃｅ` → `alice`, `ｶ` → `カ`), as RFC 8265
///    §3.3.2 rule 1 requires. No other compatibility mapping (NFKC) is applied.
/// 3. **Lowercase** with Swift's `String.lowercased()` (Unicode full lowercase mapping, not
///    locale-aware and not case folding). Consequences, pinned by tests:
///    - `İ` (U+0130) becomes `i̇` (`i` + U+0307), which is *not* `i`: `İstanbul` ≠ `istanbul`.
///    - `ı` (dotless i) stays `ı`: `mıke` ≠ `mike` (the GitHub reset-mail collision cannot happen).
///    - `ß` stays `ß` and `ẞ` (U+1E9E) becomes `ß`: `straße` ≠ `strasse`.
///    - `ſ` (long s) and ligatures such as `ﬁ` stay as they are; the Kelvin sign `K` (U+212A)
///      lowercases to `k`, so it equals `k`.
/// 4. **NFC** (Unicode canonical composition): `e` + U+0301 equals precomposed `é`.
///
/// The rule is idempotent: canonicalising a canonical name returns it unchanged.
public enum UserNameCanonicalizer {
    /// The longest `userName` accepted, in UTF-8 bytes (the raw input, before mapping).
    public static let maximumUTF8Length = 1024

    /// Returns the canonical form of `userName`, or throws why it is not acceptable.
    /// - Parameter userName: the value as the client sent it.
    /// - Returns: the width-mapped, lowercased, NFC-normalised key.
    /// - Throws: ``UserNameError`` naming the offending code point.
    public static func canonicalize(_ userName: String) throws(UserNameError) -> String {
        let utf8 = userName.utf8
        guard !utf8.isEmpty else { throw .empty }
        guard utf8.count <= maximumUTF8Length else { throw .tooLong(utf8.count) }

        // Fast path: printable ASCII needs only an ASCII lowercase (NFC and width mapping are
        // identities on ASCII).
        if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            // Lowered straight from the name's bytes into the new string's storage (one allocation).
            var name = userName
            return name.withUTF8 { bytes in
                String(unsafeUninitializedCapacity: bytes.count) { output in
                    for index in bytes.indices {
                        let byte = bytes[index]
                        output[index] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                    }
                    return bytes.count
                }
            }
        }

        var mapped = String.UnicodeScalarView()
        for scalar in userName.unicodeScalars {
            if let reason = disallowedReason(scalar) {
                throw .disallowedCharacter(scalar.value, reason)
            }
            if let wide = widthMapped(scalar) {
                mapped.append(contentsOf: wide.unicodeScalars)
            } else {
                mapped.append(scalar)
            }
        }
        let lowered = String(mapped).lowercased()
        return lowered.precomposedStringWithCanonicalMapping
    }

    /// Whether two user names are the same user under this rule (false when either is invalid).
    public static func areEquivalent(_ lhs: String, _ rhs: String) -> Bool {
        guard let left = try? canonicalize(lhs), let right = try? canonicalize(rhs) else { return false }
        return left.utf8.elementsEqual(right.utf8)
    }

    /// Why `scalar` may not appear in a user name, or nil when it may.
    static func disallowedReason(_ scalar: Unicode.Scalar) -> UserNameError.Reason? {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .control: return .control
        case .format: return .invisible
        case .surrogate, .privateUse: return .privateOrSurrogate
        case .unassigned: return .unassigned
        case .lineSeparator, .paragraphSeparator: return .control
        default: break
        }
        if properties.isDefaultIgnorableCodePoint { return .invisible }
        return nil
    }

    /// The width mapping of RFC 8265 §3.3.2 rule 1 for one scalar, or nil when it is unchanged.
    private static func widthMapped(_ scalar: Unicode.Scalar) -> String? {
        let value = scalar.value
        if value == 0x3000 { return " " }
        guard value >= 0xFF01 && value <= 0xFFEE else { return nil }
        if value <= 0xFF5E, let ascii = Unicode.Scalar(value - 0xFEE0) {
            return String(Character(ascii))
        }
        // Halfwidth Katakana/Hangul and the fullwidth symbol block: their decomposition is the
        // <narrow>/<wide> compatibility mapping, which NFKC of the lone scalar yields.
        let mapped = String(Character(scalar)).precomposedStringWithCompatibilityMapping
        return mapped.unicodeScalars.count == 1 ? mapped : nil
    }
}
