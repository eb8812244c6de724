import Foundation
import Testing

@testable import Agent

/// Parses `json` as the configuration file `roster --config` reads.
func parseConfiguration(_ json: String) throws(CLIError) -> AgentConfiguration {
    try AgentConfiguration.parse(Data(json.utf8), source: "test.json")
}

/// Expects `json` to be refused as a configuration error (exit code `config`) whose message
/// mentions `fragment`, so the operator is told which key is wrong.
func expectConfigurationError(
    _ json: String, mentioning fragment: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        _ = try parseConfiguration(json)
        Issue.record("expected an error for \(json)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.exitCode == .config, sourceLocation: sourceLocation)
        #expect(
            error.message.contains(fragment), "\(error.message) should mention \(fragment)",
            sourceLocation: sourceLocation)
    }
}
