import Crypto
import HTTPServer

/// Loads the configured certificate and key into a ``TLSContext``, at start and on SIGHUP.
///
/// The pair is checked first with ``CertificateKeyPair/check(certificatePath:privateKeyPath:)``,
/// the same check `roster config check` runs, so both report a mismatch in the same words.
struct TLSLoader: Sendable {
    /// The `tls` configuration object.
    let configuration: TLSConfiguration

    /// Builds the context.
    /// - Throws: a configuration error (exit 78) naming the file and OpenSSL's reason.
    func load() throws(CLIError) -> TLSContext {
        do {
            try CertificateKeyPair.check(certificatePath: configuration.certificate, privateKeyPath: configuration.privateKey)
        } catch {
            throw .config("tls: \(error.description)")
        }
        do {
            return try TLSContext(
                certificateChainPath: configuration.certificate, privateKeyPath: configuration.privateKey,
                minimumVersion: configuration.minimumVersion)
        } catch {
            throw .config("tls: \(error.message)")
        }
    }

    /// Reloads the files into `server` (SIGHUP). New handshakes use the new pair; open
    /// connections keep theirs. A pair that does not load leaves the previous one in place and
    /// logs why, so a half-finished certificate rotation never takes the receiver down.
    func reload(into server: HTTPServer, logger: Logger) {
        do {
            let context = try load()
            server.replaceTLSContext(context)
            logger.info(
                "tls reloaded",
                [("certificate", .string(configuration.certificate)), ("subject", .string(context.certificateSubject)),
                 ("notAfter", .string(context.certificateNotAfter))])
        } catch {
            logger.error(
                "tls reload failed; keeping the previous certificate",
                [("certificate", .string(configuration.certificate)), ("reason", .string(error.message))])
        }
    }
}
