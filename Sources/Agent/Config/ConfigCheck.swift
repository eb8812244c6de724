import Crypto
import Foundation
import HTTPServer

/// `roster config check`: validates a configuration file without starting anything and lists
/// every problem found, one line each.
///
/// Errors make `serve` refuse to start or fail later (exit 78); warnings are worth a look but do
/// not block (exit 0). The file is parsed first with the same parser `serve` uses; since a file
/// that does not parse has no values to check further, a parse error is reported alone.
struct ConfigCheck {
    /// One finding.
    struct Finding: Sendable, Equatable, Encodable {
        /// `error` or `warning`.
        let severity: String
        /// What is wrong and where.
        let message: String
    }

    /// The file checked.
    let path: String
    /// The environment, to see whether variables named for secrets are set.
    let environment: [String: String]

    /// Runs every check and returns the findings, errors first.
    func run() -> [Finding] {
        let configuration: AgentConfiguration
        do {
            configuration = try AgentConfiguration.load(path: path)
        } catch {
            return [Finding(severity: "error", message: error.message)]
        }
        var errors: [String] = []
        var warnings: [String] = []
        checkDatabase(configuration, &warnings)
        if let smtp = configuration.smtp {
            if let variable = smtp.passwordEnv, (environment[variable] ?? "").isEmpty {
                warnings.append(
                    "smtp.passwordEnv names $\(variable), which is unset or empty here (set it in the service environment, e.g. /etc/roster/roster.env)")
            }
            if let path = smtp.passwordFile {
                if !FileManager.default.isReadableFile(atPath: path) {
                    errors.append("smtp.passwordFile \(path) cannot be read")
                } else if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int,
                    mode & 0o077 != 0
                {
                    warnings.append("smtp.passwordFile \(path) is readable by group or others (chmod 600 it)")
                }
            }
            // Reaching the mail server is the report sender's job and may need the production
            // network: not tested here, only said.
            warnings.append("smtp server \(smtp.url) was not contacted (reachability is not checked)")
        }
        if let tls = configuration.tls { checkTLS(tls, &errors) }
        if let backup = configuration.backup { checkBackup(backup, &warnings) }
        return errors.map { Finding(severity: "error", message: $0) }
            + warnings.map { Finding(severity: "warning", message: $0) }
    }

    private func checkDatabase(_ configuration: AgentConfiguration, _ warnings: inout [String]) {
        let directory = URL(fileURLWithPath: configuration.databasePath).deletingLastPathComponent().path
        if !isDirectory(directory) {
            warnings.append(
                "database directory \(directory) does not exist yet (systemd creates /var/lib/roster through StateDirectory=)")
        }
    }

    private func checkTLS(_ tls: TLSConfiguration, _ errors: inout [String]) {
        var readable = true
        for (key, file) in [("tls.certificate", tls.certificate), ("tls.privateKey", tls.privateKey)]
        where !FileManager.default.isReadableFile(atPath: file) {
            errors.append("\(key): cannot read \(file)")
            readable = false
        }
        if readable {
            do {
                try CertificateKeyPair.check(certificatePath: tls.certificate, privateKeyPath: tls.privateKey)
                // The same load `serve` does: the whole chain, the key, the protocol floor.
                _ = try TLSContext(
                    certificateChainPath: tls.certificate, privateKeyPath: tls.privateKey,
                    minimumVersion: tls.minimumVersion)
            } catch let error as CryptoError {
                errors.append("tls: \(error.description)")
            } catch {
                errors.append("tls: \(error)")
            }
        }
    }

    private func checkBackup(_ backup: BackupConfiguration, _ warnings: inout [String]) {
        if !isDirectory(backup.directory) {
            warnings.append("backup.directory \(backup.directory) does not exist yet (serve creates it)")
        } else if !FileManager.default.isWritableFile(atPath: backup.directory) {
            warnings.append("backup.directory \(backup.directory) is not writable by this user")
        }
    }

    private func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }
}
