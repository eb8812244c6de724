import Foundation
import Testing

@testable import Agent

/// When the nightly report is due (issue 6): the next `HH:MM` in the configured time zone,
/// strictly after now, across midnight and daylight-saving changes.
@Suite("Nightly report schedule")
struct ReportScheduleTests {
    private func date(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text))
    }

    @Test func laterTodayOrTomorrowInUTC() throws {
        let now = try date("2026-11-29T05:30:00Z")
        #expect(ReportScheduler.nextRun(after: now, at: "06:00", timeZone: "UTC") == (try date("2026-11-29T06:00:00Z")))
        #expect(ReportScheduler.nextRun(after: now, at: "05:00", timeZone: "UTC") == (try date("2026-11-30T05:00:00Z")))
        // Strictly after: a run that just fired schedules the next day, never itself again.
        let exactly = try date("2026-11-29T06:00:00Z")
        #expect(ReportScheduler.nextRun(after: exactly, at: "06:00", timeZone: "UTC") == (try date("2026-11-30T06:00:00Z")))
        #expect(ReportScheduler.nextRun(after: try date("2026-12-31T23:59:00Z"), at: "00:00", timeZone: "UTC")
            == (try date("2027-01-01T00:00:00Z")))
    }

    @Test func localTimeFollowsDaylightSaving() throws {
        // Europe/Berlin: UTC+1 in winter, UTC+2 in summer; clocks went forward on 2026-03-29.
        let winter = try date("2026-03-28T12:00:00Z")
        #expect(ReportScheduler.nextRun(after: winter, at: "06:00", timeZone: "Europe/Berlin")
            == (try date("2026-03-29T04:00:00Z")))
        #expect(ReportScheduler.nextRun(after: try date("2026-01-10T12:00:00Z"), at: "06:00", timeZone: "Europe/Berlin")
            == (try date("2026-01-11T05:00:00Z")))
        // 02:30 does not exist that night in Berlin: the next matching time is used, not skipped.
        let gap = try #require(ReportScheduler.nextRun(after: winter, at: "02:30", timeZone: "Europe/Berlin"))
        let nextMorning = try date("2026-03-29T02:00:00Z")
        #expect(gap > winter && gap < nextMorning)
    }

    @Test func invalidSettingsGiveNoRun() throws {
        let now = try date("2026-11-29T05:30:00Z")
        for (time, zone) in [("6", "UTC"), ("06:00:00", "UTC"), ("ab:cd", "UTC"), ("06:00", "Mars/Olympus")] {
            #expect(ReportScheduler.nextRun(after: now, at: time, timeZone: zone) == nil, "\(time) \(zone)")
        }
    }
}
