import Dispatch

/// The libcurl SMTP client (issue 6): one easy handle per message, `CURLOPT_NOSIGNAL`, connect,
/// per-command and total timeouts, certificate and host verification always on, STARTTLS
/// required for `smtp://` unless the caller chose ``SMTPSendRequest/Security/none``.
/// `curl_easy_perform` blocks, so transactions run one at a time on a private serial queue,
/// never on the cooperative pool (style.md §8.7): a mail server that is down occupies that
/// queue only, never a SCIM request.
public final class CurlSMTPClient: SMTPTransport {
    private let queue: DispatchQueue

    /// A client whose transactions run on a private queue named `label`.
    public init(label: String = "roster.smtp") {
        queue = DispatchQueue(label: label)
    }

    /// Sends one message.
    public func send(_ request: SMTPSendRequest) async throws(SMTPError) {
        let result: Result<Void, SMTPError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(SMTPError) {
                    try SMTPTransfer.perform(request)
                    continuation.resume(returning: .success(()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        try result.get()
    }
}
