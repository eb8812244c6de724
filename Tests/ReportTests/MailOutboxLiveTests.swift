import CurlTransport
import Foundation
import Report
import Store
import TestSupport
import Testing

/// Live mail tests against aiosmtpd on 127.0.0.1 (hardening.md §2 mail faults, §3 Email row).
@Suite(.serialized, .enabled(if: SMTPSink.python != nil, "needs Python with aiosmtpd: run scripts/test, which installs it"))
struct MailOutboxLiveTests {
    private func message(_ subject: String = "acme: 3 drifts repaired, 1 run blocked") -> MailMessage {
        MailMessage(
            from: "roster@example.com", to: ["ops@example.com"], subject: subject, text: "plain body ✓\n",
            html: "<p>html body ✓</p>", messageID: MailMessage.makeMessageID(from: "roster@example.com"), date: Date())
    }

    private func settings(_ sink: SMTPSink, security: SMTPSendRequest.Security = .none) -> MailSettings {
        var settings = MailSettings(url: "smtp://127.0.0.1:\(sink.port)", security: security, from: "roster@example.com")
        settings.caFile = sink.certificate
        settings.retryBase = .milliseconds(1)
        settings.retryMax = .milliseconds(1)
        settings.connectTimeout = .seconds(5)
        settings.commandTimeout = .seconds(5)
        return settings
    }

    private func withSink(
        _ options: SMTPSink.Options = SMTPSink.Options(), _ body: (SMTPSink, Database) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { directory in
            let sink = try await SMTPSink(directory: directory.path, options: options)
            defer { sink.stop() }
            try await withTemporaryDatabase { database, _ in try await body(sink, database) }
        }
    }

    private func states(_ database: Database) async throws -> [OutboxMessage] {
        try await database.read { try MailOutboxTable.recent(limit: 100, on: $0) }
    }

    @Test func deliversValidMultipartAlternative() async throws {
        try await withSink { sink, database in
            let outbox = MailOutbox(database: database, settings: settings(sink))
            let mail = message("acme: 3 drifts repaired — ünïcödé")
            try await outbox.enqueue(mail, kind: .report)
            let pass = try await outbox.deliverDue()
            #expect(pass.sent == 1)
            let received = await sink.waitForMessages(1)
            try #require(received.count == 1)
            let got = received[0]
            #expect(got["content_type"] as? String == "multipart/alternative")
            #expect(got["subject"] as? String == "acme: 3 drifts repaired — ünïcödé")
            #expect(got["message_id"] as? String == mail.messageID)
            #expect((got["defects"] as? [String])?.isEmpty == true)
            let parts = got["parts"] as? [[String: Any]] ?? []
            #expect(parts.map { $0["type"] as? String } == ["text/plain", "text/html"])
            #expect(parts.first?["text"] as? String == "plain body ✓\n")
            #expect(got["rcpt_tos"] as? [String] == ["ops@example.com"])
            #expect(try await states(database).first?.state == .sent)
            // Every physical header line is at most 78 characters (RFC 5322 §2.1.1).
            let lines = got["raw_header_lines"] as? [String] ?? []
            #expect(lines.allSatisfy { $0.count <= 78 })
        }
    }

    @Test func starttlsIsUsedWhenOffered() async throws {
        var options = SMTPSink.Options()
        options.starttls = true
        try await withSink(options) { sink, database in
            let outbox = MailOutbox(database: database, settings: settings(sink, security: .starttls))
            try await outbox.enqueue(message(), kind: .report)
            #expect(try await outbox.deliverDue().sent == 1)
            let received = await sink.waitForMessages(1)
            #expect(received.first?["tls"] as? Bool == true)
        }
    }

    @Test func starttlsRequiredButRefusedSendsNothing() async throws {
        try await withSink { sink, database in
            // The server offers no STARTTLS; the client must not fall back to clear text.
            let outbox = MailOutbox(database: database, settings: settings(sink, security: .starttls))
            try await outbox.enqueue(message(), kind: .report)
            let pass = try await outbox.deliverDue()
            #expect(pass.failed == 1)
            let stored = try await states(database).first
            #expect(stored?.state == .failed)
            #expect(stored?.lastError?.contains("permanent") == true)
            try await Task.sleep(for: .milliseconds(200))
            #expect(sink.received().isEmpty)
        }
    }

    @Test func authenticationFailureIsPermanentAndSuccessDelivers() async throws {
        var options = SMTPSink.Options()
        options.auth = "roster:correct horse"
        try await withSink(options) { sink, database in
            var wrong = settings(sink)
            wrong.username = "roster"
            wrong.password = "wrong"
            let failing = MailOutbox(database: database, settings: wrong)
            try await failing.enqueue(message(), kind: .report)
            #expect(try await failing.deliverDue().failed == 1)
            let failed = try await states(database).first
            #expect(failed?.state == .failed)
            #expect(failed?.lastError?.contains("wrong") == false)
            var right = wrong
            right.password = "correct horse"
            let working = MailOutbox(database: database, settings: right)
            try await working.enqueue(message(), kind: .report)
            #expect(try await working.deliverDue().sent == 1)
            #expect(await sink.waitForMessages(1).count == 1)
        }
    }

    @Test func transientFailureIsRetriedWithBackoff() async throws {
        var options = SMTPSink.Options()
        options.failFirst = 2
        options.failCode = 451
        try await withSink(options) { sink, database in
            var slow = settings(sink)
            slow.retryBase = .seconds(60)
            slow.retryMax = .seconds(60)
            let outbox = MailOutbox(database: database, settings: slow)
            try await outbox.enqueue(message(), kind: .report)
            #expect(try await outbox.deliverDue().retried == 1)
            var stored = try await states(database).first
            #expect(stored?.state == .queued)
            #expect(stored?.lastError?.contains("451") == true)
            // Not due yet: backoff holds it.
            #expect(try await outbox.deliverDue() == MailOutbox.PassResult())
            let later = Date().addingTimeInterval(120)
            #expect(try await outbox.deliverDue(now: { later }).retried == 1)
            let muchLater = Date().addingTimeInterval(600)
            #expect(try await outbox.deliverDue(now: { muchLater }).sent == 1)
            stored = try await states(database).first
            #expect(stored?.state == .sent)
            #expect(stored?.attempts == 3)
            #expect(await sink.waitForMessages(1).count == 1)
        }
    }

    @Test func permanentFailureIsMarkedWithReason() async throws {
        var options = SMTPSink.Options()
        options.rejectRecipientCode = 550
        try await withSink(options) { sink, database in
            let outbox = MailOutbox(database: database, settings: settings(sink))
            try await outbox.enqueue(message(), kind: .report)
            #expect(try await outbox.deliverDue().failed == 1)
            let stored = try await states(database).first
            #expect(stored?.state == .failed)
            #expect(stored?.lastError?.contains("550") == true)
            #expect(try await outbox.deliverDue() == MailOutbox.PassResult())
        }
    }

    @Test func serverDownIsTransient() async throws {
        try await withTemporaryDatabase { database, _ in
            var settings = MailSettings(url: "smtp://127.0.0.1:1", security: .none, from: "roster@example.com")
            settings.connectTimeout = .seconds(2)
            let outbox = MailOutbox(database: database, settings: settings)
            try await outbox.enqueue(message(), kind: .report)
            #expect(try await outbox.deliverDue().retried == 1)
            #expect(try await states(database).first?.state == .queued)
        }
    }

    @Test func crashBetweenSendAndRecordSendsOneDuplicateWithSameMessageID() async throws {
        try await withSink { sink, database in
            let outbox = MailOutbox(database: database, settings: settings(sink))
            let mail = message()
            let id = try #require(try await outbox.enqueue(mail, kind: .report))
            // The first process claims and sends, then dies before recording.
            try await database.write { try MailOutboxTable.claim(id: id, at: Date(), on: $0) }
            let stored = try #require(try await database.read { try MailOutboxTable.message(id: id, on: $0) })
            try await CurlSMTPClient().send(outbox.request(for: stored))
            // The restarted process finds it `sending` and sends it again, then never more.
            #expect(try await outbox.deliverDue().sent == 1)
            #expect(try await outbox.deliverDue() == MailOutbox.PassResult())
            let received = await sink.waitForMessages(2)
            #expect(received.count == 2)
            #expect(received.allSatisfy { $0["message_id"] as? String == mail.messageID })
            #expect(try await states(database).first?.state == .sent)
        }
    }

    @Test func headerInjectionFromDataIsNeutralised() async throws {
        try await withSink { sink, database in
            let outbox = MailOutbox(database: database, settings: settings(sink))
            let hostile = "acme\r\nBcc: attacker@evil.example\r\n\r\nX-Injected: yes\nSubject: fake ✓ \u{85}Bcc: x@evil"
            try await outbox.enqueue(message(hostile), kind: .report)
            #expect(try await outbox.deliverDue().sent == 1)
            let got = try #require(await sink.waitForMessages(1).first)
            let names = (got["headers"] as? [[String]] ?? []).map { $0[0].lowercased() }
            #expect(!names.contains("bcc"))
            #expect(!names.contains("x-injected"))
            #expect(names.filter { $0 == "subject" }.count == 1)
            #expect(got["rcpt_tos"] as? [String] == ["ops@example.com"])
            #expect((got["subject"] as? String)?.contains("Bcc: attacker@evil.example") == true)
            #expect((got["defects"] as? [String])?.isEmpty == true)
        }
    }
}
