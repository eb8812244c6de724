import Core
import Testing

@Suite("UserNameCanonicalizer")
struct UserNameCanonicalizerTests {
    /// Pairs that must be the same user (hardening.md §1.9 collision table, the rule we chose).
    @Test(arguments: [
        ("Alice", "alice"),
        ("ALICE@EXAMPLE.COM", "alice@example.com"),
        ("ａｌｉｃｅ", "alice"),  // fullwidth
        ("ＡＬＩＣＥ", "alice"),  // fullwidth upper
        ("caf\u{E9}", "cafe\u{301}"),  // NFC vs NFD
        ("CAF\u{C9}", "cafe\u{301}"),
        ("\u{212A}elvin", "kelvin"),  // Kelvin sign lowercases to k
        ("STRA\u{1E9E}E", "straße"),  // capital sharp s
        ("ｶﾞ", "ガ"),  // halfwidth katakana + voiced mark composes
        ("Jürgen", "ju\u{308}rgen"),
    ])
    func equivalent(lhs: String, rhs: String) throws {
        #expect(try UserNameCanonicalizer.canonicalize(lhs) == UserNameCanonicalizer.canonicalize(rhs))
        #expect(UserNameCanonicalizer.areEquivalent(lhs, rhs))
    }

    /// Pairs that must stay different users: lowercasing is not case folding.
    @Test(arguments: [
        ("mıke", "mike"),  // dotless i (GitHub reset-mail collision)
        ("İstanbul", "istanbul"),  // İ lowercases to i + U+0307
        ("straße", "strasse"),  // no ß → ss folding
        ("ſam", "sam"),  // long s stays
        ("ﬁle", "file"),  // ligature stays
        ("alice", "alice "),
    ])
    func distinct(lhs: String, rhs: String) throws {
        #expect(try UserNameCanonicalizer.canonicalize(lhs) != UserNameCanonicalizer.canonicalize(rhs))
        #expect(!UserNameCanonicalizer.areEquivalent(lhs, rhs))
    }

    @Test(arguments: [
        ("Alice", "alice"),
        ("İ", "i\u{307}"),
        ("ı", "ı"),
        ("ß", "ß"),
        ("e\u{301}", "\u{E9}"),
        ("ＡＢＣ１２３", "abc123"),
        ("a\u{3000}b", "a b"),
        ("Ǆ", "ǆ"),
        ("ǅ", "ǆ"),
    ])
    func canonicalForm(input: String, expected: String) throws {
        let canonical = try UserNameCanonicalizer.canonicalize(input)
        #expect(canonical.unicodeScalars.elementsEqual(expected.unicodeScalars))
        // Idempotent.
        #expect(try UserNameCanonicalizer.canonicalize(canonical) == canonical)
    }

    @Test(arguments: [
        ("", UserNameError.empty),
        ("ali\u{200D}ce", .disallowedCharacter(0x200D, .invisible)),  // zero-width joiner
        ("ali\u{200B}ce", .disallowedCharacter(0x200B, .invisible)),  // zero-width space
        ("ali\u{200C}ce", .disallowedCharacter(0x200C, .invisible)),  // ZWNJ
        ("\u{FEFF}alice", .disallowedCharacter(0xFEFF, .invisible)),  // BOM
        ("alice\u{202E}moc", .disallowedCharacter(0x202E, .invisible)),  // RTL override
        ("a\u{2066}b", .disallowedCharacter(0x2066, .invisible)),  // bidi isolate
        ("a\u{AD}b", .disallowedCharacter(0xAD, .invisible)),  // soft hyphen
        ("a\u{3164}b", .disallowedCharacter(0x3164, .invisible)),  // Hangul filler
        ("a\nb", .disallowedCharacter(0x0A, .control)),
        ("a\u{0}b", .disallowedCharacter(0x00, .control)),
        ("a\u{7F}b", .disallowedCharacter(0x7F, .control)),
        ("a\u{85}b", .disallowedCharacter(0x85, .control)),
        ("a\u{2028}b", .disallowedCharacter(0x2028, .control)),
        ("a\u{E000}b", .disallowedCharacter(0xE000, .privateOrSurrogate)),
        ("a\u{10FFFE}b", .disallowedCharacter(0x10FFFE, .unassigned)),
    ])
    func rejected(input: String, error: UserNameError) {
        #expect(throws: error) { try UserNameCanonicalizer.canonicalize(input) }
    }

    @Test func tooLong() {
        let long = String(repeating: "a", count: UserNameCanonicalizer.maximumUTF8Length + 1)
        #expect(throws: UserNameError.tooLong(long.utf8.count)) { try UserNameCanonicalizer.canonicalize(long) }
        #expect(throws: Never.self) {
            try UserNameCanonicalizer.canonicalize(String(long.dropFirst()))
        }
    }

    @Test func errorDescriptionNamesTheCodePoint() {
        #expect(UserNameError.disallowedCharacter(0x200D, .invisible).description.contains("U+200D"))
    }
}
