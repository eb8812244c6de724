import Crypto
import Foundation

extension ReconcileCommands {
    /// Checks a service app's private key file before its path is stored: it must exist, be a
    /// regular file and hold a usable unencrypted RSA (≥ 2048 bits) or P-256 key. Warns on stderr
    /// when group or others may read it. The key is loaded only to validate it, then dropped;
    /// it is never printed, logged or stored.
    func checkPrivateKeyFile(_ path: String) throws(CLIError) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw .usage("--private-key-file \(path) does not exist or cannot be read", topic: "okta configure")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .usage("--private-key-file \(path) is not a regular file", topic: "okta configure")
        }
        do { _ = try SigningKey(contentsOfFile: path) } catch {
            throw .usage("--private-key-file: \(error.description)", topic: "okta configure")
        }
        if status.st_mode & 0o077 != 0 {
            output.err(
                "warning: \(path) is readable by group or others (mode \(String(status.st_mode & 0o777, radix: 8))); "
                    + "restrict it with: chmod 600 \(path)\n")
        }
    }
}
