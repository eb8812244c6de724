/// The first stage of command-line parsing: splits raw arguments into positional words,
/// valued options and flags, rejecting unknown or malformed options.
///
/// Options may appear anywhere after the program name, as `--name value` or `--name=value`;
/// `--` ends option processing. Which options a particular command accepts is checked later by
/// ``CommandLineParser``, which knows the command.
struct ArgumentScanner {
    /// Options that take a value.
    static let valuedOptions: Set<String> = [
        "--db", "--config", "--listen", "--name", "--idp", "--out", "--from", "--org", "--app", "--token-env", "--token-file",
        "--log-format", "--user", "--user-name", "--team", "--since", "--at", "--limit",
        "--client-id", "--private-key-file", "--key-id", "--kind",
        "--host", "--key",
        "--format",
    ]
    /// Options that are plain switches.
    static let flagOptions: Set<String> = ["--json", "--platform", "--help", "--force", "--version", "--all", "--dry-run", "--send"]

    /// The scanned arguments.
    struct Result: Equatable {
        /// Words that are not options, in order.
        var positionals: [String] = []
        /// Valued options by name (including the leading `--`).
        var values: [String: String] = [:]
        /// Switches that were given.
        var flags: Set<String> = []
        /// Every option name given, in order, for per-command validation.
        var optionsGiven: [String] = []
    }

    /// Scans `arguments` (without the program name).
    static func scan(_ arguments: [String]) throws(CLIError) -> Result {
        var result = Result()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                result.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            if argument == "-h" {
                result.flags.insert("--help")
                result.optionsGiven.append("--help")
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard !result.optionsGiven.contains(name) else {
                throw .usage("option \(name) was given more than once")
            }
            if valuedOptions.contains(name) {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < arguments.count else { throw .usage("option \(name) needs a value") }
                    value = arguments[index]
                    index += 1
                }
                guard !value.isEmpty else { throw .usage("option \(name) needs a non-empty value") }
                result.values[name] = value
            } else if flagOptions.contains(name) {
                guard inlineValue == nil else { throw .usage("option \(name) does not take a value") }
                result.flags.insert(name)
            } else {
                throw .usage("unknown option '\(name)'")
            }
            result.optionsGiven.append(name)
        }
        return result
    }
}
