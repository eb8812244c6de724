/// Unsigned integers as lowercase digits in radix 16 or 32, written straight into a `String`'s
/// storage: the standard library's `String(_:radix:)` goes through generic integer printing, and
/// request ids and rate-limit keys are made on every request.
public enum RadixText {
    /// The digits, radix 32 being hex continued with `g`…`v`.
    private static let digits: StaticString = "0123456789abcdefghijklmnopqrstuv"

    /// `value` in radix 2^`bitsPerDigit` without leading zeros: the same text as
    /// `String(value, radix: 16)` for 4 bits per digit. At most 15 digits (a hex value below 2^60,
    /// any `UInt64` in radix 32) make an inline small string that needs no allocation.
    /// - Parameter bitsPerDigit: 4 (hex) or 5 (radix 32).
    public static func string(_ value: UInt64, bitsPerDigit: Int) -> String {
        precondition(bitsPerDigit == 4 || bitsPerDigit == 5, "radix 16 or 32 only")
        let mask = UInt64(1) << UInt64(bitsPerDigit) - 1
        var count = 1
        while count < 64 / bitsPerDigit + 1, value >> UInt64(count * bitsPerDigit) != 0 { count += 1 }
        return String(unsafeUninitializedCapacity: count) { buffer in
            digits.withUTF8Buffer { alphabet in
                var rest = value
                for index in stride(from: count - 1, through: 0, by: -1) {
                    buffer[index] = alphabet[Int(rest & mask)]
                    rest >>= UInt64(bitsPerDigit)
                }
            }
            return count
        }
    }
}
