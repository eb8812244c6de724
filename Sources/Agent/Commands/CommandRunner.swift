import Core
import Foundation
import Store

/// Runs a parsed ``Invocation``: loads the configuration, applies flag overrides, and dispatches
/// to the command. Every failure becomes a message on stderr and a non-zero ``ExitCode``.
public struct CommandRunner: Sendable {
    /// Where output goes.
    public let output: any OutputSink
    /// The environment, for configuration lookups.
    public let environment: [String: String]

    /// Creates a runner.
    public init(output: any OutputSink = StandardOutput(), environment: [String: String] = [:]) {
        self.output = output
        self.environment = environment
    }

    /// The configuration file `config check` reads when `--config` is not given (where
    /// `make install` puts it).
    public static let defaultConfigPath = "/etc/roster/config.json"

    /// Parses `arguments` and runs the command; returns the exit status.
    public func run(arguments: [String]) async -> ExitCode {
        do {
            let invocation = try CommandLineParser.parse(arguments)
            return try await run(invocation)
        } catch {
            output.err("roster: \(error.message)\n")
            if let topic = error.helpTopic {
                output.err("Run 'roster help \(topic)' for usage.\n")
            } else if error.exitCode == .usage {
                output.err("Run 'roster --help' for usage.\n")
            }
            return error.exitCode
        }
    }

    /// Runs an already parsed invocation.
    public func run(_ invocation: Invocation) async throws(CLIError) -> ExitCode {
        if case .help(let topic) = invocation.command {
            guard let text = Usage.text(for: topic) else {
                throw .usage("no help for '\(topic.joined(separator: " "))'")
            }
            output.out(text + "\n")
            return .success
        }
        if case .configCheck = invocation.command {
            let operations = OperationsCommands(
                configuration: AgentConfiguration(), databaseGiven: false, json: invocation.global.json, output: output)
            return operations.configCheck(
                path: invocation.global.configPath ?? Self.defaultConfigPath, environment: environment)
        }
        if case .tlsSelfSigned(let out, let host, let keyType, let force) = invocation.command {
            return try TLSCommands(json: invocation.global.json, output: output)
                .selfSigned(out: out, host: host, keyType: keyType, force: force)
        }
        var configuration = AgentConfiguration()
        if let path = invocation.global.configPath {
            configuration = try AgentConfiguration.load(path: path)
        }
        if let path = invocation.global.databasePath { configuration.databasePath = path }
        switch invocation.command {
        case .help:
            return .success
        case .serve(let listen):
            if let format = invocation.global.logFormat {
                guard let parsed = LogFormat(rawValue: format) else {
                    throw .usage("--log-format must be json or text, got '\(format)'", topic: "serve")
                }
                configuration.logFormat = parsed
            }
            if let listen {
                guard let address = ListenAddress(parsing: listen) else {
                    throw .usage("--listen must be HOST:PORT, got '\(listen)'", topic: "serve")
                }
                configuration.listen = address
            }
            return try await ServeCommand(configuration: configuration, output: output).run()
        case .audit, .access, .rejected:
            try await InspectionCommands(configuration: configuration, json: invocation.global.json, output: output)
                .run(invocation.command)
            return .success
        case .version, .backup, .restore, .configCheck:
            let operations = OperationsCommands(
                configuration: configuration,
                databaseGiven: invocation.global.databasePath != nil || invocation.global.configPath != nil,
                json: invocation.global.json, output: output)
            switch invocation.command {
            case .backup(let out, let force): return try await operations.backup(out: out, force: force)
            case .restore(let from): return try await operations.restore(from: from)
            default: return try await operations.version()
            }
        case .oktaKeygen(let out, let kind):
            return try OktaKeygenCommand(json: invocation.global.json, output: output).run(out: out, kind: kind)
        case .report(let since, let format, let send):
            return try await ReportCommands(configuration: configuration, output: output, environment: environment)
                .run(since: since, format: format, send: send)
        case .oktaConfigure, .reconcile:
            return try await ReconcileCommands(
                configuration: configuration, json: invocation.global.json, output: output, environment: environment
            ).run(invocation.command)
        default:
            let admin = AdminCommands(
                configuration: configuration, json: invocation.global.json, output: output,
                requestID: RequestIdentifier.make(prefix: "cli"))
            try await admin.run(invocation.command)
            return .success
        }
    }
}
