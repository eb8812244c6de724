import Core
import Testing

@Suite("Decimal text")
struct DecimalTextTests {
    private func decimal(_ value: Int, minimumDigits: Int = 1) -> String {
        var bytes: [UInt8] = []
        DecimalText.append(value, minimumDigits: minimumDigits, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func numbersAreWrittenDigitByDigit() {
        for value in [0, 7, 10, 99, 1_000, -1, -45, 1_234_567_890, Int.max, Int.min] {
            #expect(decimal(value) == String(value))
        }
    }

    @Test func zerosPadUpToTheMinimumOnly() {
        #expect(decimal(7, minimumDigits: 3) == "007")
        #expect(decimal(0, minimumDigits: 2) == "00")
        #expect(decimal(2026, minimumDigits: 4) == "2026")
        #expect(decimal(10_000, minimumDigits: 4) == "10000")
        #expect(decimal(-5, minimumDigits: 3) == "-005")
    }

    @Test func appendsAfterWhatIsThere() {
        var bytes = Array("n=".utf8)
        DecimalText.append(Int64(42), to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "n=42")
    }
}
