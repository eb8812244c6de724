import Foundation
import Synchronization

/// Request ids for logs, audit events and the `X-Request-ID` response header.
///
/// Generated ids are a per-process random prefix plus a counter: unique within and across runs
/// without a random-number call on every request.
public enum RequestIdentifier {
    private static let prefix: String = {
        var generator = SystemRandomNumberGenerator()
        return String(generator.next() as UInt64, radix: 16)
    }()
    private static let counter = Atomic<UInt64>(0)

    /// A new id, e.g. `r-9f3c0a1b2c3d4e5f-1a`.
    public static func make(prefix kind: String = "r") -> String {
        let sequence = counter.add(1, ordering: .relaxed).newValue
        // Written straight into the new string's storage: one allocation per request, not the
        // several that interpolation makes.
        var kind = kind
        var prefix = prefix
        return kind.withUTF8 { kindBytes in
            prefix.withUTF8 { prefixBytes in
                let capacity = kindBytes.count + prefixBytes.count + 2 + 16
                return String(unsafeUninitializedCapacity: capacity) { output in
                    var count = 0
                    for byte in kindBytes { output[count] = byte; count += 1 }
                    output[count] = UInt8(ascii: "-"); count += 1
                    for byte in prefixBytes { output[count] = byte; count += 1 }
                    output[count] = UInt8(ascii: "-"); count += 1
                    // Lowercase hex without leading zeros, like String(sequence, radix: 16).
                    let digits = max(1, (UInt64.bitWidth - sequence.leadingZeroBitCount + 3) / 4)
                    for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
                        let nibble = UInt8((sequence >> UInt64(shift)) & 0xF)
                        output[count] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                        count += 1
                    }
                    return count
                }
            }
        }
    }

    /// Accepts a client-supplied `X-Request-ID` only if it is 1–128 characters of
    /// `A-Z a-z 0-9 . _ : -`, so it cannot inject anything into logs or headers.
    public static func isAcceptable(_ candidate: String) -> Bool {
        let bytes = candidate.utf8
        guard (1...128).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
                || byte == UInt8(ascii: "-")
        }
    }
}
