import CurlTransport
import Foundation
import Report

/// Builds the outbox's ``MailSettings`` from the `smtp` and `report` configuration.
enum MailSetup {
    /// The settings, or a configuration error naming what is missing. The AUTH password is read
    /// from the environment variable named by `smtp.passwordEnv`, or from the file named by
    /// `smtp.passwordFile` (first line, surrounding whitespace removed) — never from the config
    /// itself.
    static func settings(_ configuration: AgentConfiguration, environment: [String: String]) throws(CLIError) -> MailSettings {
        guard let smtp = configuration.smtp else {
            throw .config("sending mail needs an \"smtp\" object in the configuration")
        }
        guard let from = smtp.from else { throw .config("sending mail needs \"smtp.from\"") }
        guard !configuration.report.to.isEmpty else { throw .config("sending the report needs \"report.to\"") }
        let security: SMTPSendRequest.Security =
            switch smtp.security {
            case .starttls: .starttls
            case .implicit: .implicit
            case .none: .none
            }
        var settings = MailSettings(url: smtp.url, security: security, from: from)
        settings.username = smtp.username
        if let variable = smtp.passwordEnv {
            guard let password = environment[variable], !password.isEmpty else {
                throw .config("environment variable \(variable) (smtp.passwordEnv) is not set")
            }
            settings.password = password
        } else if let path = smtp.passwordFile {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .config("cannot read smtp.passwordFile \(path)")
            }
            let password = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard !password.isEmpty else { throw .config("smtp.passwordFile \(path) is empty") }
            settings.password = password
        }
        return settings
    }
}
