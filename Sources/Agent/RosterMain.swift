import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The `roster` executable: parse, run, exit. Everything else lives in testable types.
@main
enum RosterMain {
    /// Entry point: ignores SIGPIPE, runs the command line and exits with its code.
    static func main() async {
        // A client that resets a connection mid-write must never kill the process (hardening.md §1.6).
        signal(SIGPIPE, SIG_IGN)
        let code = await CommandRunner(environment: ProcessInfo.processInfo.environment)
            .run(arguments: Array(CommandLine.arguments.dropFirst()))
        exit(code.rawValue)
    }
}
