/// A lexical token of the filter and PATCH-path grammars (RFC 7644 §3.4.2.2, §3.5.2).
enum FilterToken: Equatable {
    /// `(`.
    case leftParen
    /// `)`.
    case rightParen
    /// `[`.
    case leftBracket
    /// `]`.
    case rightBracket
    /// A run of name characters: attribute path, operator, keyword or bare literal.
    case word(String)
    /// A JSON string literal, unescaped.
    case string(String)

    /// How the token reads in an error message.
    var display: String {
        switch self {
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .leftBracket: "'['"
        case .rightBracket: "']'"
        case .word(let word): "'\(word.prefix(40))'"
        case .string(let text): "\"\(text.prefix(40))\""
        }
    }
}
