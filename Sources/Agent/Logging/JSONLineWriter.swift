import Foundation
import Synchronization

/// Builds one JSON object directly as UTF-8 bytes, escaping strings per RFC 8259 §7, without
/// going through `JSONSerialization` (this runs once per request).
struct JSONLineWriter {
    private var bytes: [UInt8] = {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(384)
        return bytes
    }()
    private var first = true

    /// Adds `"key": value`.
    mutating func field(_ key: String, _ value: LogValue) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        appendString(key)
        bytes.append(UInt8(ascii: ":"))
        switch value {
        case .string(let text): appendString(text)
        case .int(let number): bytes.append(contentsOf: String(number).utf8)
        case .milliseconds(let value): bytes.append(contentsOf: Self.formatMilliseconds(value).utf8)
        case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        }
    }

    /// Closes the object and returns its bytes.
    mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// Milliseconds with three decimals, e.g. `0.412`.
    static func formatMilliseconds(_ value: Double) -> String {
        let micros = Int((max(0, value) * 1000).rounded())
        let fraction = String(micros % 1000)
        return "\(micros / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    private mutating func appendString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Copy runs that need no escaping in one go (nearly every value): this runs for
            // every field of every request's log line.
            var runStart = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x7F || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscaped(byte)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends the RFC 8259 §7 escape of one byte that must not appear raw in a string.
    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            bytes.append(contentsOf: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
        }
    }
}

/// RFC 3339 UTC timestamps with milliseconds for log lines, formatted without `DateFormatter`
/// (which is slow and not safe to share across threads on every platform).
enum LogTimestamp {
    /// The current time, e.g. `2026-11-29T12:00:00.123Z`.
    static func now() -> String { format(Date()) }

    /// Formats `date` in UTC.
    static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let second = milliseconds / 1000
        // The `YYYY-MM-DDTHH:MM:SS` part changes once a second: cache it (one line per request).
        let prefix = cache.withLock { cached -> String in
            if cached.second == second { return cached.prefix }
            let text = secondPrefix(second)
            cached = (second, text)
            return text
        }
        var text = prefix
        text += "."
        pad(&text, Int(milliseconds % 1000), 3)
        text += "Z"
        return text
    }

    private static let cache = Mutex<(second: Int64, prefix: String)>((-1, ""))

    private static func secondPrefix(_ second: Int64) -> String {
        var seconds = time_t(second)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var text = ""
        text.reserveCapacity(24)
        pad(&text, Int(parts.tm_year) + 1900, 4)
        text += "-"
        pad(&text, Int(parts.tm_mon) + 1, 2)
        text += "-"
        pad(&text, Int(parts.tm_mday), 2)
        text += "T"
        pad(&text, Int(parts.tm_hour), 2)
        text += ":"
        pad(&text, Int(parts.tm_min), 2)
        text += ":"
        pad(&text, Int(parts.tm_sec), 2)
        return text
    }

    private static func pad(_ text: inout String, _ value: Int, _ width: Int) {
        let digits = String(value)
        if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
        text += digits
    }
}
