import Core
import Foundation
import Report
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Renderers on a fixed model (no database).
@Suite struct RendererTests {
    static var model: ReportModel {
        var c = ConnectionReport(id: "c0nn3ct10n", name: "okta-prod", idp: "okta")
        c.users.total = 120
        c.users.active = 110
        c.users.changes = ["user.provisioned": 4, "user.deactivated": 1]
        c.teams.total = 12
        c.teams.changes = ["team.created": 1]
        c.push.requests = 900
        c.push.errors = 12
        c.push.errorsByStatus = ["400": 10, "409": 2]
        c.push.errorsByScimType = ["invalidValue": 10, "uniqueness": 2]
        c.push.latencyP50Milliseconds = 5
        c.push.latencyP99Milliseconds = 250
        c.push.rejected = 12
        c.push.lastPushAt = Date(timeIntervalSince1970: 1_750_000_000)
        c.runs.total = 24
        c.runs.byOutcome = ["succeeded": 23, "blocked": 1]
        c.runs.apiCalls = 96
        c.runs.rateLimitWaits = 2
        c.runs.meanDurationSeconds = 1.5
        c.runs.maxDurationSeconds = 4
        c.driftByKind = ["deactivate-user": 30, "add-member": 3]
        c.driftByAttribution = ["push-never-arrived": 33]
        c.actions = ["applied": 3, "blocked": 30]
        c.parked = .init()
        c.parked.new = 2
        c.parked.expired = 1
        c.staleMembersRemoved = 1
        c.failures = [.init(time: Date(timeIntervalSince1970: 1_750_000_000), runID: "run-1", reason: "Okta 503 <script>")]
        let attention = [
            AttentionItem(kind: .blockedRun, tenant: "acme", connectionID: c.id, connectionName: c.name, message: "1 run blocked & held"),
        ]
        return ReportModel(
            generatedAt: Date(timeIntervalSince1970: 1_750_003_600), windowStart: Date(timeIntervalSince1970: 1_749_917_200),
            windowEnd: Date(timeIntervalSince1970: 1_750_003_600), attention: attention,
            tenants: [TenantReport(name: "acme", connections: [c])])
    }

    @Test func subjectSummarisesTheNight() {
        #expect(Self.model.subject == "acme: 3 drifts repaired, 1 run blocked, 1 parked operation expired")
        let quiet = ReportModel(
            generatedAt: .now, windowStart: .now, windowEnd: .now, attention: [],
            tenants: [TenantReport(name: "globex", connections: [])])
        #expect(quiet.subject == "globex: all quiet")
    }

    @Test func textPutsAttentionFirst() {
        let text = TextReportRenderer.render(Self.model)
        let attention = try! #require(text.range(of: "NEEDS YOUR ATTENTION"))
        let tenant = try! #require(text.range(of: "TENANT acme"))
        #expect(attention.lowerBound < tenant.lowerBound)
        #expect(text.contains("[blocked-run] acme/okta-prod: 1 run blocked & held"))
        #expect(text.contains("900 requests, 12 errors, 12 rejected"))
        #expect(text.contains("400=10, 409=2"))
        #expect(text.contains("invalidValue=10, uniqueness=2"))
        #expect(text.contains("1 removed"))
    }

    @Test func jsonHasStableFieldNames() throws {
        let document = try JSONValue.parse(JSONReportRenderer.render(Self.model))
        #expect(Set(document.objectValue!.keys) == ["generatedAt", "window", "subject", "attention", "tenants"])
        #expect(document["attention"]?.arrayValue?.first?["kind"]?.stringValue == "blocked-run")
        let connection = try #require(document["tenants"]?.arrayValue?.first?["connections"]?.arrayValue?.first)
        #expect(
            Set(connection.objectValue!.keys) == [
                "id", "name", "idp", "users", "teams", "push", "runs", "drift", "actions", "parked",
                "staleMembersRemoved", "failures",
            ])
        #expect(connection["push"]?["latencyP99Ms"]?.numberValue == 250)
        #expect(connection["push"]?["errorsByScimType"]?["uniqueness"]?.numberValue == 2)
        #expect(connection["runs"]?["byOutcome"]?["blocked"]?.numberValue == 1)
        #expect(connection["drift"]?["byAttribution"]?["push-never-arrived"]?.numberValue == 33)
        #expect(connection["parked"]?["expired"]?.numberValue == 1)
        #expect(connection["failures"]?.arrayValue?.first?["reason"]?.stringValue == "Okta 503 <script>")
    }

    @Test func htmlIsWellFormedWithoutScriptsOrImages() throws {
        let html = HTMLReportRenderer.render(Self.model)
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.lowercased().contains("<img"))
        #expect(!html.lowercased().contains("<style"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(html.contains("Okta 503 &lt;script&gt;"))
        #expect(html.contains("1 run blocked &amp; held"))
        let parser = XMLParser(data: Data(html.utf8))
        #expect(parser.parse(), "HTML is not well-formed: \(String(describing: parser.parserError))")
    }
}

/// Header encoding (RFC 5322 folding, RFC 2047 encoded-words) and injection.
@Suite struct MailHeaderTests {
    @Test func controlCharactersNeverEndTheField() {
        let field = MailHeader.field("Subject", "a\r\nBcc: x@evil\n\rb\u{0}c\u{85}d")
        #expect(!field.contains("\n") && !field.contains("\r"))
        #expect(field == "Subject: a Bcc: x@evil b c d")
    }

    @Test func nonASCIIBecomesEncodedWordsWithinLimits() {
        let field = MailHeader.field("Subject", String(repeating: "Zürich ✓ ", count: 12))
        let lines = field.components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count <= 78 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" =?UTF-8?B?") })
    }

    @Test func longASCIIIsFolded() {
        let field = MailHeader.field("Subject", String(repeating: "word ", count: 40))
        let lines = field.components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count <= 78 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
    }

    @Test func dateAndMessageID() {
        #expect(MailMessage.rfc5322Date(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MailMessage.makeMessageID(from: "roster@example.com", unique: "report-1\r\n") == "<report-1@example.com>")
    }
}
