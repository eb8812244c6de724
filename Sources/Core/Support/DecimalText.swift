/// Integers written as ASCII decimal digits straight into a byte buffer, with no intermediate
/// `String`: JSON numbers, request log lines and timestamps are all built this way on hot paths.
public enum DecimalText {
    /// Appends `value` in decimal, with a leading `-` when negative and zeros in front up to
    /// `minimumDigits` digits (`7` with 3 gives `007`; a longer number is written whole).
    public static func append(_ value: Int64, minimumDigits: Int = 1, to output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // 20 digits hold any UInt64: fill from the end, then copy the used tail in one go.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            for _ in 0..<max(0, minimumDigits - (20 - start)) { output.append(UInt8(ascii: "0")) }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// Appends `value` in decimal, as the `Int64` version does.
    public static func append(_ value: Int, minimumDigits: Int = 1, to output: inout [UInt8]) {
        append(Int64(value), minimumDigits: minimumDigits, to: &output)
    }
}
