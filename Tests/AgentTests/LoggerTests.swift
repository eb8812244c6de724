import Foundation
import Testing

@testable import Agent

@Suite("Structured logs")
struct LoggerTests {
    @Test func linesAreValidJSONWithEscaping() throws {
        let sink = MemoryLogSink()
        let logger = Logger(level: .info, sink: sink).with([("service", .string("roster"))])
        logger.info("hello \"world\"\n\u{1}", [("n", .int(42)), ("ms", .milliseconds(1.2345)), ("ok", .bool(true))])
        logger.debug("dropped")
        let lines = sink.recorded
        #expect(lines.count == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["msg"] as? String == "hello \"world\"\n\u{1}")
        #expect(object["level"] as? String == "info")
        #expect(object["service"] as? String == "roster")
        #expect(object["n"] as? Int == 42)
        #expect((object["ms"] as? Double).map { abs($0 - 1.235) < 0.0001 } == true)
        #expect(object["ok"] as? Bool == true)
        #expect((object["time"] as? String)?.hasSuffix("Z") == true)
    }

    @Test func timestampFormat() {
        #expect(LogTimestamp.format(Date(timeIntervalSince1970: 1_700_000_000.123)) == "2023-11-14T22:13:20.123Z")
        #expect(LogTimestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }

    @Test func millisecondsAndTimestampsAreWrittenDigitByDigit() {
        #expect(JSONLineWriter.formatMilliseconds(0) == "0.000")
        #expect(JSONLineWriter.formatMilliseconds(0.0004) == "0.000")
        #expect(JSONLineWriter.formatMilliseconds(0.0415) == "0.042")
        #expect(JSONLineWriter.formatMilliseconds(12.3456) == "12.346")
        #expect(JSONLineWriter.formatMilliseconds(-3) == "0.000")
        #expect(JSONLineWriter.formatMilliseconds(1_500) == "1500.000")
        #expect(LogTimestamp.format(Date(timeIntervalSince1970: 4_102_444_799.999)) == "2099-12-31T23:59:59.999Z")
    }

    @Test func levels() {
        let sink = MemoryLogSink()
        let logger = Logger(level: .warning, sink: sink)
        logger.info("no")
        logger.warning("yes")
        logger.error("yes")
        #expect(sink.recorded.count == 2)
    }

    @Test func fileDescriptorSinkWritesEveryLine() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let sink = FileDescriptorLogSink(fileDescriptor: fds[1])
        for index in 0..<100 { sink.write(line: Array("line \(index)".utf8)) }
        sink.flush()
        close(fds[1])
        let handle = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 100)
        #expect(lines.last == "line 99")
    }

    @Test func requestIdentifiers() {
        let first = RequestIdentifier.make()
        let second = RequestIdentifier.make()
        #expect(first != second)
        // `r-<process prefix>-<sequence in lowercase hex>`, the sequence counting up by one.
        let firstParts = first.split(separator: "-")
        let secondParts = second.split(separator: "-")
        #expect(firstParts.count == 3 && secondParts.count == 3)
        #expect(firstParts.first == "r" && firstParts[1] == secondParts[1])
        let firstSequence = UInt64(firstParts[2], radix: 16)
        let secondSequence = UInt64(secondParts[2], radix: 16)
        #expect(firstSequence != nil && secondSequence == firstSequence.map { $0 + 1 })
        #expect(firstParts[2].allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(RequestIdentifier.make(prefix: "cli").hasPrefix("cli-" + firstParts[1] + "-"))
        #expect(RequestIdentifier.isAcceptable(first))
        #expect(RequestIdentifier.isAcceptable("abc-123_x.y:z"))
        #expect(!RequestIdentifier.isAcceptable(""))
        #expect(!RequestIdentifier.isAcceptable("a b"))
        #expect(!RequestIdentifier.isAcceptable("a\r\nX-Evil: 1"))
        #expect(!RequestIdentifier.isAcceptable(String(repeating: "a", count: 129)))
    }

    @Test func tables() {
        var table = TextTable(headers: ["A", "LONGER"])
        table.rows = [["xx", "1"], ["y", "22"]]
        #expect(table.render() == "A   LONGER\nxx  1\ny   22\n")
        #expect(TextTable(headers: ["A"]).render() == "A\n(none)\n")
    }
}

@Suite("JSON log line escaping")
struct JSONLineWriterEscapingTests {
    @Test("every string round-trips through a JSON parser", arguments: [
        "", "plain", "quote \" and backslash \\", "tab\tnewline\nreturn\r", "nul \u{0} bell \u{7} del \u{7F}",
        "\u{1F}\"\\", "Zoë ✓ 日本", "ends with escape\n",
    ])
    func roundTrip(_ text: String) throws {
        var line = JSONLineWriter()
        line.field("k", .string(text))
        line.field(text, .int(1))
        let bytes = line.finish()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["k"] as? String == text)
        #expect(object[text] as? Int == 1)
        #expect(!bytes.contains { $0 < 0x20 || $0 == 0x7F })
    }
}
