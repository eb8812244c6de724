/// Renders a log line for humans: `2026-11-29T12:00:00.123Z INFO request method=GET status=200`.
/// Values with spaces, quotes or `=` are quoted; control characters are escaped so one event is
/// always one line.
enum TextLineWriter {
    /// The line's bytes.
    static func line(level: LogLevel, message: String, fields: [(String, LogValue)]) -> [UInt8] {
        var text = LogTimestamp.now() + " " + level.rawValue.uppercased() + " " + escape(message, quoteIfNeeded: false)
        for (key, value) in fields {
            let rendered: String
            switch value {
            case .string(let string): rendered = escape(string, quoteIfNeeded: true)
            case .int(let number): rendered = String(number)
            case .milliseconds(let ms): rendered = JSONLineWriter.formatMilliseconds(ms)
            case .bool(let flag): rendered = flag ? "true" : "false"
            }
            text += " " + key + "=" + rendered
        }
        return Array(text.utf8)
    }

    private static func escape(_ value: String, quoteIfNeeded: Bool) -> String {
        var escaped = ""
        var needsQuotes = value.isEmpty
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "\"":
                escaped += "\\\""
                needsQuotes = true
            case "\\": escaped += "\\\\"
            case " ", "=":
                escaped.unicodeScalars.append(scalar)
                needsQuotes = true
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    escaped += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return quoteIfNeeded && needsQuotes ? "\"" + escaped + "\"" : escaped
    }
}
