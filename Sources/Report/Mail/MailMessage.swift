import Foundation

/// A `multipart/alternative` message (RFC 2046 §5.1.4) with a text and an HTML part, both UTF-8
/// and base64 (RFC 2045 §6.8: lines of 76, safe for any content and any line length).
public struct MailMessage: Sendable {
    /// `From` address (already validated by the configuration).
    public var from: String
    /// `To` addresses.
    public var to: [String]
    /// Subject (may contain anything: it is sanitised and encoded).
    public var subject: String
    /// The plain-text part.
    public var text: String
    /// The HTML part.
    public var html: String
    /// `Message-ID` with angle brackets (RFC 5322 §3.6.4).
    public var messageID: String
    /// `Date`.
    public var date: Date

    /// Creates a message.
    public init(from: String, to: [String], subject: String, text: String, html: String, messageID: String, date: Date) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID
        self.date = date
    }

    /// A new `<random@domain>` id, the domain taken from `from` (RFC 5322 §3.6.4).
    public static func makeMessageID(from: String, unique: String = UUID().uuidString.lowercased()) -> String {
        let domain = from.split(separator: "@").last.map(String.init) ?? "roster.invalid"
        let safeDomain = domain.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
        let safeUnique = unique.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
        return "<\(safeUnique)@\(safeDomain.isEmpty ? "roster.invalid" : safeDomain)>"
    }

    /// The message bytes, CRLF line ends throughout (RFC 5322 §2.1).
    public func encoded() -> [UInt8] {
        let boundary = "roster-" + UUID().uuidString.lowercased()
        let addressOnly = { (address: String) in MailHeader.sanitize(address).filter { $0 != "<" && $0 != ">" && $0 != "," } }
        var lines = [
            "From: Roster <\(addressOnly(from))>",
            MailHeader.fold("To: " + to.map { "<\(addressOnly($0))>" }.joined(separator: ", ")),
            MailHeader.field("Subject", subject),
            "Date: " + Self.rfc5322Date(date),
            "Message-ID: " + MailHeader.sanitize(messageID),
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
            "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"",
            "",
            "This is a MIME message with a text and an HTML version.",
        ]
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines += [
                "--\(boundary)",
                "Content-Type: \(type); charset=utf-8",
                "Content-Transfer-Encoding: base64",
                "",
                Base64.encodeLines(Array(body.utf8)),
            ]
        }
        lines.append("--\(boundary)--")
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// RFC 5322 §3.3 `date-time` in UTC: `Tue, 01 Jul 2025 02:00:00 +0000`.
    public static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let two = { (value: Int) in value < 10 ? "0\(value)" : String(value) }
        return "\(days[c.weekday! - 1]), \(two(c.day!)) \(months[c.month! - 1]) \(c.year!) "
            + "\(two(c.hour!)):\(two(c.minute!)):\(two(c.second!)) +0000"
    }
}
