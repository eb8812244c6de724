import Dispatch

/// Copies the WAL back into the database file from its own connection and thread, so the
/// single writer never stalls a commit behind a checkpoint.
///
/// By default SQLite runs a checkpoint inside the commit that pushes the WAL past 1,000 pages
/// (https://www.sqlite.org/wal.html#automatic_checkpoint): with `synchronous=FULL` that is
/// thousands of page writes plus an `fsync` of the database file on the writer's thread, while
/// every queued SCIM write waits. Here a `PASSIVE` checkpoint — which never blocks writers or
/// readers (https://www.sqlite.org/c3ref/wal_checkpoint_v2.html) — runs every `interval` on a
/// dedicated connection. The writer keeps a large automatic threshold as a safety net, so the
/// WAL stays bounded even if this checkpointer stopped.
///
/// `@unchecked Sendable`: both properties are immutable references; `DispatchSourceTimer` is not
/// marked `Sendable` but `cancel()` is thread-safe, and the timer's handler runs on the
/// connection's own serial queue.
final class Checkpointer: @unchecked Sendable {
    private let connection: SerialConnection
    private let timer: any DispatchSourceTimer

    /// Opens the checkpoint connection for `path` and starts the timer.
    static func start(path: String, interval: DispatchTimeInterval = .milliseconds(250)) async throws -> Checkpointer {
        let connection = SerialConnection(label: "roster.sqlite.checkpointer")
        try await connection.open {
            let sqlite = try SQLiteConnection(path: path, create: false)
            try sqlite.configureForCheckpointing()
            return sqlite
        }
        return Checkpointer(connection: connection, interval: interval)
    }

    private init(connection: SerialConnection, interval: DispatchTimeInterval) {
        self.connection = connection
        let timer = DispatchSource.makeTimerSource(queue: connection.queue)
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(50))
        self.timer = timer
        timer.setEventHandler { [connection] in
            // Runs on the connection's own queue; a failure (e.g. SQLITE_BUSY) is retried next tick.
            connection.runNow { sqlite in _ = try? sqlite.query("PRAGMA wal_checkpoint(PASSIVE)") }
        }
        timer.resume()
    }

    /// Stops the timer and closes the connection.
    func stop() async {
        timer.cancel()
        await connection.close()
    }
}
