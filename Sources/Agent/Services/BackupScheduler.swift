import Foundation
import Store

/// Scheduled backups for `serve` (config `backup`): every `every`, an online backup of the open
/// database into `directory` as `roster-<UTC timestamp>.db`, then deletion of the oldest such
/// files beyond `keep`. Only files of exactly that shape are ever deleted.
///
/// A failed backup is logged and retried at the next period; it never stops the server. The
/// first backup runs one period after start (a restart loop must not produce a burst of
/// backups that pushes good ones out of retention).
struct BackupScheduler: Sendable {
    /// The `backup` settings: directory, period and how many backups to keep.
    let configuration: BackupConfiguration
    /// The live database that is copied.
    let database: Database
    /// Receives a line per backup and any failure.
    let logger: Logger

    /// Runs until the task is cancelled. Cancellation interrupts the wait, never a backup.
    func run() async {
        while true {
            do {
                try await Task.sleep(for: configuration.every)
            } catch {
                return
            }
            await runOnce()
        }
    }

    /// Takes one backup and applies retention; returns the backup's path, or nil on failure.
    @discardableResult
    func runOnce(now: Date = Date()) async -> String? {
        let directory = configuration.directory
        let path = "\(directory)/\(Self.fileName(for: now))"
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let summary = try await database.backup(to: path)
            let removed = Self.prune(directory: directory, keep: configuration.keep)
            logger.info(
                "backup written",
                [("path", .string(summary.path)), ("bytes", .int(summary.bytes)),
                 ("schemaVersion", .int(summary.schema.version)), ("removed", .int(removed.count))])
            return summary.path
        } catch {
            logger.error("backup failed", [("path", .string(path)), ("error", .string(OperationsCommands.describe(error)))])
            return nil
        }
    }

    /// `roster-20250102T030405Z.db`: UTC, sortable by name.
    static func fileName(for date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime, .withTimeZone]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return "roster-\(formatter.string(from: date)).db"
    }

    /// Whether `name` is a scheduled backup's file name.
    static func isBackupName(_ name: String) -> Bool {
        guard name.hasPrefix("roster-"), name.hasSuffix("Z.db"), name.count == "roster-20250102T030405Z.db".count
        else { return false }
        return name.dropFirst(7).dropLast(4).allSatisfy { $0.isASCII && ($0.isNumber || $0 == "T") }
    }

    /// Deletes all but the newest `keep` scheduled backups in `directory`; returns the deleted names.
    static func prune(directory: String, keep: Int) -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter(isBackupName).sorted()
        let doomed = names.dropLast(keep)
        for name in doomed { try? FileManager.default.removeItem(atPath: "\(directory)/\(name)") }
        return Array(doomed)
    }
}
