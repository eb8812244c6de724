import Foundation
import Testing

@testable import Agent

/// `roster report` parsing and usage errors (exit 64).
@Suite struct ReportCommandLineTests {
    private func parse(_ line: String) throws(CLIError) -> Invocation {
        try CommandLineParser.parse(line.split(separator: " ").map(String.init))
    }

    @Test func parsesReport() throws {
        #expect(try parse("report").command == .report(since: .seconds(86400), format: .text, send: false))
        #expect(try parse("report --since 7d --format html").command == .report(since: .seconds(7 * 86400), format: .html, send: false))
        #expect(try parse("report --format json --send").command == .report(since: .seconds(86400), format: .json, send: true))
        #expect(try parse("report --json").command == .report(since: .seconds(86400), format: .json, send: false))
        #expect(try parse("report --help").command == .help(topic: ["report"]))
        #expect(Usage.text(for: ["report"])?.contains("--send") == true)
        #expect(Usage.overview.contains("report [--since 24h]"))
    }

    @Test(arguments: ["report --format pdf", "report --since soon", "report --since 1s", "report extra", "report --all"])
    func usageErrors(_ line: String) {
        #expect(throws: CLIError.self) { try parse(line) }
        do {
            _ = try parse(line)
        } catch {
            #expect(error.exitCode == .usage)
        }
    }
}
