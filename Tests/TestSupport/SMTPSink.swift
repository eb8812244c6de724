import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A real SMTP server on 127.0.0.1 for live mail tests: Python's `aiosmtpd`, from the venv that
/// `scripts/test` prepares (`ROSTER_SMTP_VENV`, default `/tmp/roster-smtp-venv`). Every message
/// it accepts is written to ``directory`` as `N.eml` plus `N.json`, a summary made by Python's
/// `email` package (MIME structure, decoded subject, defects, whether the session used TLS).
///
/// Behaviours: STARTTLS offered (with a throwaway certificate for 127.0.0.1 made by the
/// `openssl` CLI) or not; AUTH required with one user; the first N `DATA` answered with a
/// given code; every `RCPT` answered with a given code.
public final class SMTPSink: @unchecked Sendable {
    // @unchecked: every stored property is immutable after init except `stopped`, which is a
    // Mutex; the pid and the pipe are only used to stop the sink, once.

    /// Options.
    public struct Options: Sendable {
        /// Offer STARTTLS.
        public var starttls = false
        /// Require AUTH with this `user:password`.
        public var auth: String?
        /// Answer the first N DATA commands with ``failCode``.
        public var failFirst = 0
        /// The code for ``failFirst`` (e.g. 451 or 554).
        public var failCode = 451
        /// Answer every RCPT with this code instead of 250.
        public var rejectRecipientCode: Int?
        /// Creates defaults: plain, no auth, accept everything.
        public init() {}
    }

    /// The port it listens on.
    public let port: Int
    /// Where received messages go.
    public let directory: String
    /// The certificate (PEM) of the STARTTLS endpoint, to trust as a CA.
    public let certificate: String?
    private let pid: pid_t
    /// The read end of the sink's stdout, kept open so its later prints never hit a closed pipe.
    private let standardOutput: Int32
    /// Set once the sink has been killed and collected, so `stop()` runs once.
    private let stopped = Mutex(false)

    /// The venv python, or nil when Python or aiosmtpd is unavailable.
    public static var python: String? {
        let venv = ProcessInfo.processInfo.environment["ROSTER_SMTP_VENV"] ?? "/tmp/roster-smtp-venv"
        let path = venv + "/bin/python"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Starts a sink writing into `directory`.
    public init(directory: String, options: Options = Options()) async throws {
        guard let python = Self.python else { throw SinkError.unavailable }
        self.directory = directory
        var arguments = [directory + "/sink.py", "--dir", directory]
        var certificate: String?
        if options.starttls {
            let cert = directory + "/cert.pem"
            let key = directory + "/key.pem"
            let openssl = try Spawn.run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                ])
            guard openssl.status == 0 else { throw SinkError.didNotStart(openssl.output) }
            arguments += ["--cert", cert, "--key", key]
            certificate = cert
        }
        self.certificate = certificate
        if let auth = options.auth { arguments += ["--auth", auth] }
        arguments += ["--fail-first", String(options.failFirst), "--fail-code", String(options.failCode)]
        if let code = options.rejectRecipientCode { arguments += ["--rcpt-code", String(code)] }
        try Self.script.write(toFile: directory + "/sink.py", atomically: true, encoding: .utf8)
        let output = try Spawn.pipe()
        do {
            pid = try Spawn.start(python, arguments, standardOutput: .descriptor(output.write))
        } catch {
            close(output.read)
            close(output.write)
            throw error
        }
        close(output.write)
        standardOutput = output.read
        // The script prints `PORT n` once it listens.
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while !line.contains(UInt8(ascii: "\n")) && read(output.read, &byte, 1) == 1 { line.append(byte) }
        let text = String(decoding: line, as: UTF8.self)
        let port = text.hasPrefix("PORT ") ? Int(text.dropFirst(5).prefix { $0 != "\n" }) : nil
        self.port = port ?? 0
        guard port != nil else {
            stop()
            throw SinkError.didNotStart(text)
        }
    }

    /// Stops the server.
    public func stop() {
        // SIGKILL: nothing to shut down cleanly, and no disposition can delay it.
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        kill(pid, SIGKILL)
        _ = Spawn.waitForExit(pid)
        close(standardOutput)
    }

    deinit { stop() }

    /// Summaries of the messages received so far, in arrival order.
    public func received() -> [[String: Any]] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted { Int($0.dropLast(5)) ?? 0 < Int($1.dropLast(5)) ?? 0 }
        return files.compactMap { file in
            guard let data = FileManager.default.contents(atPath: directory + "/" + file) else { return nil }
            return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        }
    }

    /// Waits until at least `count` messages arrived (or `timeout`).
    public func waitForMessages(_ count: Int, timeout: Duration = .seconds(10)) async -> [[String: Any]] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let messages = received()
            if messages.count >= count { return messages }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return received()
    }

    /// Why the sink did not start.
    public enum SinkError: Error {
        /// No venv python with aiosmtpd (run `scripts/test`, which installs it).
        case unavailable
        /// The script did not report its port.
        case didNotStart(String)
    }

    static let script = #"""
import argparse, asyncio, json, os, signal, ssl, sys, email, email.policy
signal.signal(signal.SIGTERM, signal.SIG_DFL)
from email.header import decode_header, make_header
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

p = argparse.ArgumentParser()
p.add_argument("--dir"); p.add_argument("--cert"); p.add_argument("--key"); p.add_argument("--auth")
p.add_argument("--fail-first", type=int, default=0); p.add_argument("--fail-code", type=int, default=451)
p.add_argument("--rcpt-code", type=int)
a = p.parse_args()
state = {"data": 0, "n": 0}

class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if a.rcpt_code:
            return "%d 5.1.1 recipient refused" % a.rcpt_code if a.rcpt_code >= 500 else "%d 4.2.0 try later" % a.rcpt_code
        envelope.rcpt_tos.append(address)
        return "250 OK"
    async def handle_DATA(self, server, session, envelope):
        state["data"] += 1
        if state["data"] <= a.fail_first:
            return "%d %s" % (a.fail_code, "4.3.0 try again later" if a.fail_code < 500 else "5.7.1 rejected")
        state["n"] += 1
        n = state["n"]
        raw = envelope.original_content or envelope.content
        with open(os.path.join(a.dir, "%d.eml" % n), "wb") as f: f.write(raw)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        parts = []
        for part in msg.walk():
            if part.is_multipart(): continue
            parts.append({"type": part.get_content_type(), "charset": part.get_content_charset(),
                          "text": part.get_content()})
        headers = [[k, str(v)] for k, v in msg.items()]
        summary = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                   "tls": session.ssl is not None, "content_type": msg.get_content_type(),
                   "subject": str(msg["subject"]), "message_id": msg["message-id"], "date": msg["date"],
                   "headers": headers, "parts": parts,
                   "defects": [type(d).__name__ for d in msg.defects] + [type(d).__name__ for p in msg.walk() for d in p.defects],
                   "raw_header_lines": raw.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace").split("\r\n")}
        tmp = os.path.join(a.dir, "%d.tmp" % n)
        with open(tmp, "w") as f: json.dump(summary, f)
        os.rename(tmp, os.path.join(a.dir, "%d.json" % n))
        return "250 OK queued"

def authenticator(server, session, envelope, mechanism, auth_data):
    user, password = a.auth.split(":", 1)
    if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password:
        return AuthResult(success=True)
    return AuthResult(success=False, handled=False)

kwargs = {}
if a.cert:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(a.cert, a.key)
    kwargs["tls_context"] = ctx
if a.auth:
    kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
import socket
probe = socket.socket(); probe.bind(("127.0.0.1", 0)); port = probe.getsockname()[1]; probe.close()
controller = Controller(Handler(), hostname="127.0.0.1", port=port, **kwargs)
controller.start()
print("PORT %d" % port, flush=True)
try:
    sys.stdin.read() if False else asyncio.run(asyncio.sleep(3600))
finally:
    controller.stop()
"""#
}
