import Core
import Foundation
import Synchronization

/// Request ids for logs, audit events and the `X-Request-ID` response header.
///
/// Generated ids are a per-process random prefix plus a counter: unique within and across runs
/// without a random-number call on every request.
public enum RequestIdentifier {
    private static let prefix: String = {
        var generator = SystemRandomNumberGenerator()
        return RadixText.string(generator.next() as UInt64, bitsPerDigit: 4)
    }()
    private static let counter = Atomic<UInt64>(0)

    /// A new id, e.g. `r-9f3c0a1b2c3d4e5f-1a`.
    public static func make(prefix kind: String = "r") -> String {
        let sequence = counter.add(1, ordering: .relaxed).newValue
        // One allocation, reserved up front; the hex sequence itself is an inline small string
        // (up to 15 digits, i.e. below 2^60 requests).
        var id = kind
        id.reserveCapacity(kind.utf8.count + prefix.utf8.count + 18)
        id += "-"
        id += prefix
        id += "-"
        id += RadixText.string(sequence, bitsPerDigit: 4)
        return id
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
