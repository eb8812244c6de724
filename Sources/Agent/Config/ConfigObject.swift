import Core
import Foundation

/// Reads one JSON object of the configuration file, remembering which keys were read so that
/// any key left over can be reported by name (a typo such as `"listne"` must not be silently
/// ignored).
struct ConfigObject {
    private let values: [String: JSONValue]
    private let path: String
    private var consumed: Set<String> = []

    /// Wraps `values`, found at `path` (empty for the top level).
    init(_ values: [String: JSONValue], path: String) {
        self.values = values
        self.path = path
    }

    /// The dotted name of `key` for messages, e.g. `smtp.url`.
    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private mutating func value(_ key: String) -> JSONValue? {
        consumed.insert(key)
        guard let value = values[key], value != .null else { return nil }
        return value
    }

    private func typeError(_ key: String, _ expected: String, _ got: JSONValue) -> CLIError {
        .config("config key \"\(name(key))\" must be \(expected), got \(got.typeName)")
    }

    /// A string value, or nil when absent or null.
    mutating func string(_ key: String) throws(CLIError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw typeError(key, "a string", value) }
        return text
    }

    /// An integer in `range`, or nil when absent.
    mutating func integer(_ key: String, in range: ClosedRange<Int>) throws(CLIError) -> Int? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value, number.rounded() == number, let int = Int(exactly: number) else {
            throw typeError(key, "an integer", value)
        }
        guard range.contains(int) else {
            throw .config("config key \"\(name(key))\" must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return int
    }

    /// A number in `range`, or nil when absent.
    mutating func number(_ key: String, in range: ClosedRange<Double>) throws(CLIError) -> Double? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value else { throw typeError(key, "a number", value) }
        guard range.contains(number) else {
            throw .config("config key \"\(name(key))\" must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return number
    }

    /// A duration given as seconds (a number) or as text such as `"500ms"`, `"30s"`, `"15m"`, `"2h"`.
    mutating func duration(_ key: String, atLeast minimum: Duration = .milliseconds(1)) throws(CLIError) -> Duration? {
        guard let value = value(key) else { return nil }
        let parsed: Duration?
        switch value {
        case .number(let seconds) where seconds.isFinite: parsed = .milliseconds(Int64((seconds * 1000).rounded()))
        case .string(let text): parsed = DurationText.parse(text)
        default: throw typeError(key, "a duration such as \"30s\" or a number of seconds", value)
        }
        guard let parsed else {
            throw .config("config key \"\(name(key))\" is not a duration: use e.g. \"500ms\", \"30s\", \"15m\", \"2h\"")
        }
        guard parsed >= minimum else { throw .config("config key \"\(name(key))\" must be at least \(minimum)") }
        return parsed
    }

    /// An array of strings, or nil when absent.
    mutating func strings(_ key: String) throws(CLIError) -> [String]? {
        guard let value = value(key) else { return nil }
        guard case .array(let items) = value else { throw typeError(key, "an array of strings", value) }
        var result: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw typeError(key, "an array of strings", item) }
            result.append(text)
        }
        return result
    }

    /// A nested object, or nil when absent.
    mutating func object(_ key: String) throws(CLIError) -> ConfigObject? {
        guard let value = value(key) else { return nil }
        guard case .object(let nested) = value else { throw typeError(key, "an object", value) }
        return ConfigObject(nested, path: name(key))
    }

    /// Throws naming the first key that no reader asked for.
    func rejectUnknownKeys() throws(CLIError) {
        let unknown = values.keys.filter { !consumed.contains($0) }.sorted()
        guard let first = unknown.first else { return }
        let known = consumed.sorted().joined(separator: ", ")
        throw .config("unknown config key \"\(name(first))\" (known keys here: \(known))")
    }
}

/// Parses duration text: an integer or decimal followed by `ms`, `s`, `m` or `h`.
enum DurationText {
    /// The duration, or nil when `text` is not of that form or not positive. Units: `ms`, `s`,
    /// `m`, `h`, `d`.
    static func parse(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, seconds) in units where text.hasSuffix(suffix) {
            let digits = text.dropLast(suffix.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                let amount = Double(digits), amount.isFinite, amount > 0, amount * seconds < 1e10
            else { return nil }
            return .milliseconds(Int64((amount * seconds * 1000).rounded()))
        }
        return nil
    }
}
