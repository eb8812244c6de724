import Core
import Foundation
import HTTPServer
import Receiver
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// `roster serve`: takes the database lock, checks the database, starts the HTTP server and
/// runs until SIGTERM or SIGINT, then stops gracefully and exits 0.
struct ServeCommand {
    /// The resolved settings: listener, TLS, database, logging and the background services.
    let configuration: AgentConfiguration
    /// Where start-up messages (stdout) and fatal diagnostics (stderr) are written.
    let output: any OutputSink
    /// Where log lines go when `log.destination` is unset or `stderr`; replaceable in tests.
    var logSink: any LogSink = FileDescriptorLogSink()

    /// Starts the server and blocks until SIGTERM or SIGINT, then shuts down gracefully.
    /// - Returns: ``ExitCode`` 0 after a clean stop.
    /// - Throws: ``CLIError`` when TLS material, the database lock or the listener cannot be set up.
    func run() async throws(CLIError) -> ExitCode {
        // Before any helper thread exists, so they inherit it: every thread but the event loop
        // (which resets itself) gives way to the loop when it wakes up (``ThreadScheduling``).
        ThreadScheduling.deferWakeupsToRunningThreads()
        // A bad certificate or key stops the start here, before the database is touched.
        var tlsContext: TLSContext?
        if let tls = configuration.tls { tlsContext = try TLSLoader(configuration: tls).load() }
        let logger = Logger(level: configuration.logLevel, format: configuration.logFormat, sink: try makeLogSink())
        let path = configuration.databasePath
        let lock: DatabaseLock
        do {
            lock = try DatabaseLock.acquire(forDatabaseAt: path)
        } catch StoreError.locked {
            throw .failure("another 'roster serve' is already running on \(path) (it holds \(path).lock); refusing to start")
        } catch {
            throw DatabaseOpening.describe(error)
        }
        defer { lock.release() }
        // Opening runs PRAGMA quick_check and refuses a damaged file: acknowledging pushes into
        // it would lose them later.
        let database = try await DatabaseOpening.open(path, checkIntegrity: true)
        do {
            let exitCode = try await serve(database: database, logger: logger, tls: tlsContext)
            await database.close()
            logger.flush()
            return exitCode
        } catch {
            await database.close()
            logger.flush()
            throw error
        }
    }

    /// The sink for `logDestination`: stderr, or a file opened for appending (created 0600).
    private func makeLogSink() throws(CLIError) -> any LogSink {
        guard let destination = configuration.logDestination, destination != "stderr" else { return logSink }
        let descriptor = open(destination, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .config("cannot open log file \(destination): \(String(cString: strerror(errno)))")
        }
        return FileDescriptorLogSink(fileDescriptor: descriptor)
    }

    private var scimSettings: SCIMSettings {
        var settings = SCIMSettings(
            publicBaseURL: configuration.trimmedPublicBaseURL, fallbackBaseURL: configuration.effectiveBaseURL)
        settings.maxResults = configuration.limits.scimMaxResults
        settings.maxBodyBytes = configuration.limits.maxBodyBytes
        settings.requestsPerSecond = Double(configuration.limits.scimRequestsPerSecond)
        settings.requestBurst = Double(configuration.limits.scimRequestBurst)
        settings.failedAuthenticationsPerMinute = Double(configuration.limits.failedAuthenticationsPerMinute)
        return settings
    }

    private var platformSettings: PlatformSettings {
        var settings = PlatformSettings()
        settings.requestsPerSecond = Double(configuration.limits.platformRequestsPerSecond)
        settings.requestBurst = Double(configuration.limits.platformRequestBurst)
        settings.failedAuthenticationsPerMinute = Double(configuration.limits.failedAuthenticationsPerMinute)
        settings.maxWaitSeconds = configuration.limits.platformMaxWaitSeconds
        settings.accessCacheEntries = configuration.limits.platformAccessCacheEntries
        return settings
    }

    private func serve(database: Database, logger: Logger, tls: TLSContext?) async throws(CLIError) -> ExitCode {
        var router = Router()
        let metrics = MetricsRegistry()
        OpsRoutes.register(on: &router, database: database, metrics: metrics)
        // One failed-authentication budget per client address across SCIM and the platform API.
        let scim = SCIMReceiver(database: database, settings: scimSettings)
        scim.register(on: &router)
        let platform = PlatformAPI(
            database: database, settings: platformSettings, authenticationLimiter: scim.authenticationLimiter)
        platform.register(on: &router)
        platform.registerMetrics(on: metrics)
        let protocolLogger = logger
        let server = HTTPServer(
            host: configuration.listen.host, port: configuration.listen.port,
            limits: configuration.limits.httpLimits,
            tls: tls,
            responder: RequestLoggingResponder(router: router, logger: logger, metrics: metrics),
            onProtocolError: { event in
                metrics.increment("roster_http_protocol_errors_total", [("status", String(event.status.code))])
                protocolLogger.warning(
                    "protocol error",
                    [("status", .int(event.status.code)), ("reason", .string(event.reason)),
                     ("remote", .string(event.remoteAddress ?? "-"))])
            })
        let signals = UnixSignals.stream([SIGTERM, SIGINT])
        // SIGHUP reloads the certificate; handled even without tls so it never kills the process.
        let hangups = UnixSignals.stream([SIGHUP])
        let port: UInt16
        do {
            port = try await server.start()
        } catch {
            throw .failure("cannot listen on \(configuration.listen): \(error)")
        }
        let address = ListenAddress(host: configuration.listen.host, port: port)
        var fields: [(String, LogValue)] = [
            ("address", .string(address.description)), ("port", .int(Int(port))),
            ("database", .string(configuration.databasePath)), ("tls", .bool(tls != nil)),
        ]
        if let tls {
            fields += [("subject", .string(tls.certificateSubject)), ("notAfter", .string(tls.certificateNotAfter))]
        }
        logger.info("listening", fields)
        let opsServer: HTTPServer?
        do {
            opsServer = try await startOpsServer(database: database, logger: logger, metrics: metrics)
        } catch {
            await server.stop()
            throw error
        }
        let reloads = Task {
            for await _ in hangups {
                guard let tlsConfiguration = configuration.tls else {
                    logger.info("SIGHUP: nothing to reload (no tls configured)")
                    continue
                }
                TLSLoader(configuration: tlsConfiguration).reload(into: server, logger: logger)
            }
        }
        let stopper = Task {
            for await number in signals {
                logger.info("stopping", [("signal", .string(number == SIGTERM ? "SIGTERM" : "SIGINT"))])
                // Long-polls of the change feed answer now rather than holding the stop.
                database.commits.shutDown()
                async let opsStopped: Void? = opsServer?.stop()
                await server.stop()
                _ = await opsStopped
                return
            }
        }
        // Scheduled backups share the database's reader pool; the task is awaited before the
        // database closes, so a backup in progress finishes first.
        let backups = configuration.backup.map { backup in
            logger.info(
                "backups scheduled",
                [("directory", .string(backup.directory)), ("everySeconds", .int(Int(backup.every.components.seconds))),
                 ("keep", .int(backup.keep))])
            return Task { await BackupScheduler(configuration: backup, database: database, logger: logger).run() }
        }
        let reconciles = Task {
            await ReconcileScheduler(configuration: configuration.reconcile, database: database, logger: logger).run()
        }
        let retention = configuration.auditRetention.map { retention in
            Task { await AuditRetentionService(retention: retention, database: database, logger: logger).run() }
        }
        let mail = try startMail(database: database, logger: logger)
        await server.waitUntilStopped()
        await opsServer?.waitUntilStopped()
        reloads.cancel()
        mail?.cancel()
        await mail?.value
        await scim.pushTraffic.flush()
        stopper.cancel()
        backups?.cancel()
        reconciles.cancel()
        retention?.cancel()
        await backups?.value
        await reconciles.value
        await retention?.value
        logger.info("stopped")
        return .success
    }

    /// With `tls.opsListen`, a plain-HTTP loopback listener serving only `/healthz` and `/readyz`,
    /// for local probes that do not speak TLS; nil otherwise.
    private func startOpsServer(
        database: Database, logger: Logger, metrics: MetricsRegistry
    ) async throws(CLIError) -> HTTPServer? {
        guard let address = configuration.tls?.opsListen else { return nil }
        var router = Router()
        OpsRoutes.register(on: &router, database: database, metrics: metrics)
        let server = HTTPServer(
            host: address.host, port: address.port, limits: configuration.limits.httpLimits,
            responder: RequestLoggingResponder(router: router, logger: logger, metrics: metrics))
        let port: UInt16
        do {
            port = try await server.start()
        } catch {
            throw .failure("cannot listen on tls.opsListen \(address): \(error)")
        }
        logger.info(
            "ops listening",
            [("address", .string(ListenAddress(host: address.host, port: port).description)), ("port", .int(Int(port)))])
        return server
    }

    /// The nightly report, alerts and mail delivery (issue 6), when `smtp` and `report.to` are set.
    private func startMail(database: Database, logger: Logger) throws(CLIError) -> Task<Void, Never>? {
        guard configuration.smtp != nil, !configuration.report.to.isEmpty else { return nil }
        let settings = try MailSetup.settings(configuration, environment: ProcessInfo.processInfo.environment)
        logger.info("nightly report scheduled", [("at", .string(configuration.report.at)), ("timeZone", .string(configuration.report.timeZone))])
        return Task { await ReportScheduler(configuration: configuration.report, database: database, settings: settings, logger: logger).run() }
    }
}
