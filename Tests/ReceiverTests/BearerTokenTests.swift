import HTTPServer
import Testing

@testable import Receiver

/// `Authorization: Bearer` parsing (RFC 6750 §2.1), table-driven.
@Suite("Bearer token extraction")
struct BearerTokenTests {
    static let cases: [(header: [String], token: String?)] = [
        (["Bearer abc123"], "abc123"),
        (["bearer abc123"], "abc123"),  // the scheme is case-insensitive (RFC 9110 §11.1)
        (["BEARER   abc-._~+/="], "abc-._~+/="),  // several spaces; the whole b64token charset
        (["Bearer abc  "], "abc"),  // trailing spaces ignored
        (["Bearer rst_36MMWeQo1QjJFJqvcXaNtdfwxQbdsC5brlZOA2qiRYw"], "rst_36MMWeQo1QjJFJqvcXaNtdfwxQbdsC5brlZOA2qiRYw"),
        ([], nil),  // missing
        (["Bearer a", "Bearer b"], nil),  // repeated: ambiguous
        (["Basic dXNlcjpwYXNz"], nil),  // another scheme
        (["Bearer"], nil),
        (["Bearer "], nil),
        (["Bearer    "], nil),
        (["Bearerabc"], nil),  // no space after the scheme
        (["Bearer\tabc"], nil),
        (["Bearer ab cd"], nil),  // a space inside
        (["Bearer abc\"def"], nil),  // outside the charset
        (["Bearer tökén"], nil),  // non-ASCII
        (["Bearer " + String(repeating: "a", count: 512)], String(repeating: "a", count: 512)),
        (["Bearer " + String(repeating: "a", count: 513)], nil),  // longer than any token of ours
        (["Bearér abc"], nil),
    ]

    @Test(arguments: cases.indices)
    func extract(_ index: Int) {
        let (values, expected) = Self.cases[index]
        let request = HTTPRequest(
            method: .get, target: "/", headers: HTTPHeaders(values.map { ("Authorization", $0) }))
        #expect(BearerToken.extract(from: request) == expected, "case \(index): \(values)")
    }

    /// The rate-limit bucket key: the same token always lands in the same bucket, different tokens
    /// in different ones, and the key is short enough to be an inline (allocation-free) string.
    @Test func limiterKeys() {
        let secret = "rst_36MMWeQo1QjJFJqvcXaNtdfwxQbdsC5brlZOA2qiRYw"
        let key = BearerToken.limiterKey(of: secret)
        #expect(BearerToken.limiterKey(of: String(secret.utf8.map { Character(UnicodeScalar($0)) })) == key)
        #expect(key.utf8.count <= 13 && !key.isEmpty)
        #expect(!key.contains(secret) && !secret.contains(key))
        let others = (0..<1000).map { BearerToken.limiterKey(of: secret + String($0)) }
        #expect(Set(others).count == others.count && !others.contains(key))
    }
}

