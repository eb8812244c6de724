import Foundation
@testable import Crypto
import Testing

@Suite struct SecureRandomTests {
    @Test func bytesHaveRequestedLengthAndDiffer() throws {
        #expect(try SecureRandom.bytes(count: 0).isEmpty)
        let first = try SecureRandom.bytes(count: 32)
        let second = try SecureRandom.bytes(count: 32)
        #expect(first.count == 32)
        #expect(first != second)
    }

    @Test func tokenShape() throws {
        let token = try SecureRandom.token()
        #expect(token.hasPrefix("rst_"))
        let body = String(token.dropFirst(4))
        #expect(body.count == 43)  // 32 bytes → 43 unpadded base64url characters
        #expect(Base64URL.decode(body)?.count == 32)
        #expect(body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        #expect(try SecureRandom.token(prefix: "x_").hasPrefix("x_"))
        #expect(try SecureRandom.token() != token)
    }

    @Test func identifierAlphabetAndLength() throws {
        for length in [0, 1, 20, 100] {
            let identifier = try SecureRandom.identifier(length: length)
            #expect(identifier.count == length)
            #expect(identifier.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) })
        }
    }

    /// A coarse uniformity check: over 36,000 symbols each of the 36 appears about 1,000 times.
    /// Modulo bias would give the first four symbols ~10% more; a chi-squared bound of 100 with 35
    /// degrees of freedom fails with probability far below 1e-6 for a uniform source.
    @Test func identifierIsRoughlyUniform() throws {
        var counts: [Character: Int] = [:]
        for character in try SecureRandom.identifier(length: 36_000) { counts[character, default: 0] += 1 }
        #expect(counts.count == 36)
        let chiSquared = counts.values.reduce(0.0) { sum, count in
            sum + Double((count - 1000) * (count - 1000)) / 1000
        }
        #expect(chiSquared < 100)
    }

    @Test func hexIdentifier() throws {
        let hex = try SecureRandom.hex(byteCount: 8)
        #expect(hex.count == 16)
        #expect(Hex.decode(hex)?.count == 8)
    }

    @Test func base64URLRoundTrip() {
        for length in 0..<10 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 73 + 250) }
            let encoded = Base64URL.encode(bytes)
            #expect(!encoded.contains("=") && !encoded.contains("+") && !encoded.contains("/"))
            #expect(Base64URL.decode(encoded) == bytes)
        }
        #expect(Base64URL.decode("a") == nil)
        #expect(Base64URL.decode("a+b/") == nil)
    }
}

@Suite("Base64URL")
struct Base64URLTests {
    @Test("encodes like Foundation's base64 with the URL alphabet and no padding, for every length")
    func matchesFoundation() throws {
        for length in 0...66 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length &* 11) } + (length > 3 ? [0xFB, 0xFF, 0xBF] : [])
            let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(bytes) == expected)
            #expect(Base64URL.decode(expected) == bytes)
        }
    }
}

@Suite("Time-ordered UUIDs")
struct TimeOrderedUUIDTests {
    @Test("version 7 carries the time, sorts by it, and stays unique within a millisecond")
    func orderAndShape() throws {
        let time = Date(timeIntervalSince1970: 1_764_000_000.123)
        let text = try SecureRandom.timeOrderedUUID(at: time)
        #expect(UUID(uuidString: text)?.uuidString.lowercased() == text)
        #expect(Array(text.utf8)[14] == UInt8(ascii: "7"))
        #expect("89ab".utf8.contains(Array(text.utf8)[19]), "RFC 9562 variant")
        let hex = text.replacingOccurrences(of: "-", with: "").prefix(12)
        #expect(UInt64(hex, radix: 16) == 1_764_000_000_123)
        let later = try SecureRandom.timeOrderedUUID(at: time.addingTimeInterval(0.002))
        #expect(text < later)
        let sameMillisecond = try (0..<200).map { _ in try SecureRandom.timeOrderedUUID(at: time) }
        #expect(Set(sameMillisecond).count == 200)
    }

    @Test("the identifier pool hands out fresh bytes across refills and concurrent callers")
    func poolIsFreshAcrossRefills() async throws {
        let pool = IdentifierRandomPool()
        // 10-byte draws across several refills (4096 is not a multiple of 10: the tail of each
        // buffer is skipped, never reused), from concurrent tasks.
        let draws = try await withThrowingTaskGroup(of: [[UInt8]].self) { group in
            for _ in 0..<4 {
                group.addTask { try (0..<1_000).map { _ in try pool.take(10) } }
            }
            return try await group.reduce(into: [[UInt8]]()) { $0 += $1 }
        }
        #expect(draws.count == 4_000 && draws.allSatisfy { $0.count == 10 })
        #expect(Set(draws).count == draws.count, "80-bit draws never repeat")
        // Not all zero or constant: each byte position takes many values.
        for position in 0..<10 { #expect(Set(draws.map { $0[position] }).count > 200) }
        #expect(try pool.take(0).isEmpty)
    }
}
