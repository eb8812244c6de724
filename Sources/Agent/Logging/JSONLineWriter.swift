import Core
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
        case .int(let number): DecimalText.append(number, to: &bytes)
        case .milliseconds(let value): Self.appendMilliseconds(value, into: &bytes)
        case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        }
    }

    /// Adds `"key": "<now as RFC 3339 UTC>"` without building an intermediate `String`.
    mutating func timestampField(_ key: String, _ date: Date = Date()) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        appendString(key)
        bytes.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: "\"")])
        LogTimestamp.append(date, into: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Closes the object and returns its bytes.
    mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// Milliseconds with three decimals, e.g. `0.412`.
    static func formatMilliseconds(_ value: Double) -> String {
        var bytes: [UInt8] = []
        appendMilliseconds(value, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends milliseconds with three decimals (`0.412`); negative values count as zero.
    static func appendMilliseconds(_ value: Double, into bytes: inout [UInt8]) {
        let micros = Int((max(0, value) * 1000).rounded())
        DecimalText.append(micros / 1000, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        DecimalText.append(micros % 1000, minimumDigits: 3, to: &bytes)
    }

    private mutating func appendString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { appendEscaping($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `utf8` with the RFC 8259 §7 escapes (and DEL escaped too).
    private mutating func appendEscaping(_ utf8: UnsafeBufferPointer<UInt8>) {
        // Nearly every value needs no escaping: one scan, one copy.
        if !utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0x22 || $0 == 0x5C }) {
            bytes.append(contentsOf: utf8)
            return
        }
        // Otherwise copy the runs between escapes in one go each.
        var runStart = 0
        for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x7F || byte == 0x22 || byte == 0x5C {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            appendEscaped(byte)
            runStart = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(date, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `date` in UTC as `YYYY-MM-DDTHH:MM:SS.mmmZ` (one line per request comes here).
    static func append(_ date: Date, into bytes: inout [UInt8]) {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let second = milliseconds / 1000
        // The `YYYY-MM-DDTHH:MM:SS` part changes once a second: cache it.
        cache.withLock { cached in
            if cached.second != second { cached = (second, secondPrefix(second)) }
            bytes.append(contentsOf: cached.prefix)
        }
        bytes.append(UInt8(ascii: "."))
        DecimalText.append(Int(milliseconds % 1000), minimumDigits: 3, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    private static let cache = Mutex<(second: Int64, prefix: [UInt8])>((-1, []))

    private static func secondPrefix(_ second: Int64) -> [UInt8] {
        var seconds = time_t(second)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(19)
        func digits(_ value: Int32, _ width: Int) { DecimalText.append(Int(value), minimumDigits: width, to: &bytes) }
        digits(parts.tm_year + 1900, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(parts.tm_mon + 1, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(parts.tm_mday, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(parts.tm_hour, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(parts.tm_min, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(parts.tm_sec, 2)
        return bytes
    }
}
