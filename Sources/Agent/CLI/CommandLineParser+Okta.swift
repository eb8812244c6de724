extension CommandLineParser {
    /// `okta keygen --out DIR [--kind rsa|ec]`.
    static func parseOktaKeygen(
        _ words: inout ArraySlice<String>, _ scanned: ArgumentScanner.Result
    ) throws(CLIError) -> Command {
        let topic = "okta keygen"
        if scanned.flags.contains("--help") { return .help(topic: ["okta", "keygen"]) }
        try allow(["--out", "--kind"], in: scanned, topic: topic)
        try expectNoMore(words, topic: topic)
        guard let out = scanned.values["--out"] else { throw .usage("\(topic) needs --out DIR", topic: topic) }
        let kind = scanned.values["--kind"] ?? "rsa"
        guard kind == "rsa" || kind == "ec" else { throw .usage("--kind must be rsa or ec, got '\(kind)'", topic: topic) }
        return .oktaKeygen(out: out, kind: kind)
    }

    /// The credential options of `okta configure`: exactly one of `--token-env`, `--token-file`,
    /// or `--client-id` with `--private-key-file` (and optionally `--key-id`).
    static func oktaCredentialOption(
        _ scanned: ArgumentScanner.Result, _ topic: String
    ) throws(CLIError) -> OktaTokenOption {
        let values = scanned.values
        let serviceApp = values["--client-id"] != nil || values["--private-key-file"] != nil || values["--key-id"] != nil
        let given = [values["--token-env"] != nil, values["--token-file"] != nil, serviceApp].filter { $0 }.count
        guard given <= 1 else {
            throw .usage("give one of --token-env, --token-file or --client-id/--private-key-file", topic: topic)
        }
        if let variable = values["--token-env"] { return .environment(variable) }
        if let path = values["--token-file"] { return .file(path) }
        guard serviceApp else {
            throw .usage(
                "\(topic) needs --token-env VAR, --token-file PATH, or --client-id ID --private-key-file PATH",
                topic: topic)
        }
        guard let clientID = values["--client-id"], let keyFile = values["--private-key-file"] else {
            throw .usage("a service app needs both --client-id ID and --private-key-file PATH", topic: topic)
        }
        guard clientID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw .usage("--client-id must be an Okta client id (letters and digits), got '\(clientID)'", topic: topic)
        }
        return .serviceApp(clientID: clientID, privateKeyFile: keyFile, keyID: values["--key-id"])
    }
}
