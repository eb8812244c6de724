import Foundation
import Testing

@testable import Core

/// ASCII case-insensitive comparison of attribute names, URNs and HTTP tokens (RFC 7643 §2.1):
/// only `A`–`Z` fold, other bytes compare exactly, for native and bridged strings alike.
@Suite struct ASCIICaseTests {
    static let equal: [(String, String)] = [
        ("userName", "USERNAME"), ("userName", "username"), ("", ""),
        ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
         "URN:IETF:params:SCIM:schemas:extension:ENTERPRISE:2.0:user"),
        ("a-b_c.1", "A-B_C.1"), ("tökén", "TöKéN"),
    ]
    static let different: [(String, String)] = [
        ("userName", "userNam"), ("userName", "userNamf"), ("[", "{"), ("@", "`"),  // 0x5B/0x7B, 0x40/0x60
        ("tökén", "TÖKÉN"),  // non-ASCII does not fold
        ("emails", "emails "),
    ]

    @Test func equality() {
        for (left, right) in Self.equal {
            #expect(left.caseInsensitiveEquals(right) && right.caseInsensitiveEquals(left), "\(left) \(right)")
            // A bridged (non-native) string takes the byte-by-byte path.
            let bridged = String(NSString(string: right))
            #expect(left.caseInsensitiveEquals(bridged), "bridged \(right)")
        }
        for (left, right) in Self.different {
            #expect(!left.caseInsensitiveEquals(right) && !right.caseInsensitiveEquals(left), "\(left) \(right)")
        }
    }

    @Test func prefixes() {
        #expect("urn:ietf:params".hasCaseInsensitivePrefix("URN:"))
        #expect("Urn".hasCaseInsensitivePrefix(""))
        #expect(!"ur".hasCaseInsensitivePrefix("urn:"))
        #expect(!"userName".hasCaseInsensitivePrefix("urn:"))
        #expect("emails[type eq \"work\"]".hasCaseInsensitivePrefix("EMAILS["))
    }
}
