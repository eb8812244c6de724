import Foundation

/// A structured logger writing one JSON object per line.
///
/// A small value type, passed in rather than built inside libraries (style.md §8.15). Metadata
/// on a copy (`with(_:)`) is added to every line that copy writes. Callers must never pass
/// secrets: tokens, `Authorization` headers, passwords and request bodies are not logged by
/// design, and nothing in this type inspects values for them.
public struct Logger: Sendable {
    /// Lines below this level are dropped.
    public var level: LogLevel
    /// JSON lines (machines) or `key=value` text (humans).
    public var format: LogFormat = .json
    private let sink: any LogSink
    private var metadata: [(String, LogValue)] = []

    /// Creates a logger writing to `sink`.
    public init(level: LogLevel, format: LogFormat = .json, sink: any LogSink) {
        self.level = level
        self.format = format
        self.sink = sink
    }

    /// A copy that adds `fields` to every line.
    public func with(_ fields: [(String, LogValue)]) -> Logger {
        var copy = self
        copy.metadata.append(contentsOf: fields)
        return copy
    }

    /// Writes one line at `level` with `message` and `fields`.
    public func log(_ level: LogLevel, _ message: String, _ fields: [(String, LogValue)] = []) {
        guard level >= self.level else { return }
        if format == .text {
            sink.write(line: TextLineWriter.line(level: level, message: message, fields: metadata + fields))
            return
        }
        var line = JSONLineWriter()
        line.timestampField("time")
        line.field("level", .string(level.rawValue))
        line.field("msg", .string(message))
        for (key, value) in metadata { line.field(key, value) }
        for (key, value) in fields { line.field(key, value) }
        sink.write(line: line.finish())
    }

    /// Logs at `info`.
    public func info(_ message: String, _ fields: [(String, LogValue)] = []) { log(.info, message, fields) }
    /// Logs at `warning`.
    public func warning(_ message: String, _ fields: [(String, LogValue)] = []) { log(.warning, message, fields) }
    /// Logs at `error`.
    public func error(_ message: String, _ fields: [(String, LogValue)] = []) { log(.error, message, fields) }
    /// Logs at `debug`.
    public func debug(_ message: String, _ fields: [(String, LogValue)] = []) { log(.debug, message, fields) }

    /// Waits until every line written so far reached the sink's destination.
    public func flush() { sink.flush() }
}

/// How log lines are written.
public enum LogFormat: String, Sendable, CaseIterable {
    /// One JSON object per line (the default; for log shippers).
    case json
    /// `time LEVEL message key=value …` for people reading a terminal.
    case text
}

/// A value in a log line.
public enum LogValue: Sendable, Equatable {
    /// A JSON string.
    case string(String)
    /// A JSON integer.
    case int(Int)
    /// A JSON number with three decimals (durations in milliseconds).
    case milliseconds(Double)
    /// A JSON boolean.
    case bool(Bool)
}
