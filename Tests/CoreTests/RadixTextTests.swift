import Core
import Testing

@Suite struct RadixTextTests {
    @Test(arguments: [UInt64(0), 1, 9, 10, 15, 16, 255, 4096, 0xdead_beef, 1 << 59, (1 << 60) - 1, 1 << 60, .max])
    func hexMatchesTheStandardLibrary(_ value: UInt64) {
        #expect(RadixText.string(value, bitsPerDigit: 4) == String(value, radix: 16))
    }

    @Test(arguments: [UInt64(0), 1, 31, 32, 1023, 1024, 0x1234_5678_9abc_def0, .max])
    func radix32MatchesTheStandardLibrary(_ value: UInt64) {
        #expect(RadixText.string(value, bitsPerDigit: 5) == String(value, radix: 32))
    }

    /// Any 64-bit value fits 13 radix-32 digits: an inline small string.
    @Test func radix32OfAnyValueIsAtMost13Digits() {
        #expect(RadixText.string(.max, bitsPerDigit: 5).utf8.count == 13)
        #expect(RadixText.string(.max, bitsPerDigit: 4).utf8.count == 16)
    }
}
