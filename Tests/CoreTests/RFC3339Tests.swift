import Core
import Foundation
import Testing

@Suite("RFC3339")
struct RFC3339Tests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_767_607_200.0, "2026-01-05T10:00:00Z"),
        (1_767_607_200.25, "2026-01-05T10:00:00.250Z"),
        (951_782_400.0, "2000-02-29T00:00:00Z"),
        (-1.0, "1969-12-31T23:59:59Z"),
        (-0.5, "1969-12-31T23:59:59.500Z"),
        (1_767_607_200.007, "2026-01-05T10:00:00.007Z"),
        (253_402_300_799.0, "9999-12-31T23:59:59Z"),
        (-62_135_596_800.0, "0001-01-01T00:00:00Z"),
    ])
    func format(seconds: Double, text: String) {
        #expect(RFC3339.format(Date(timeIntervalSince1970: seconds)) == text)
        #expect(RFC3339.parse(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test func yearsBeyondFourDigitsStillFormat() {
        #expect(RFC3339.format(Date(timeIntervalSince1970: 253_402_300_800)) == "10000-01-01T00:00:00Z")
    }

    @Test func parsesOffsetsAndFractions() {
        #expect(RFC3339.parse("2026-01-05T12:00:00+02:00") == RFC3339.parse("2026-01-05T10:00:00Z"))
        #expect(RFC3339.parse("2026-01-05t10:00:00.5z")?.timeIntervalSince1970 == 1_767_607_200.5)
    }

    @Test(arguments: [
        "", "2026-01-05", "2026-13-05T10:00:00Z", "2026-02-30T10:00:00Z", "2026-01-05T25:00:00Z",
        "2026-01-05T10:00:00", "2026-01-05T10:00:00.Z", "2026-01-05T10:00:00+0200", "2026-01-05T10:00:00Zjunk",
        "abcd-01-05T10:00:00Z",
    ])
    func rejects(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }
}
