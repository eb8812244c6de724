/// A scripted misbehaviour of ``FakeOkta``, applied to the next matching requests.
public enum FakeOktaFault: Sendable, Equatable {
    /// 429; with `X-Rate-Limit-Reset` `resetIn` seconds ahead, or without the header when nil.
    case rateLimited(resetIn: Int?)
    /// 503 with an Okta error body.
    case serverError
    /// 401 (a revoked or expired token).
    case unauthorized
    /// Answers after `milliseconds`.
    case slow(milliseconds: Int)
    /// A 200 whose body is the first half of the page's JSON.
    case truncatedBody
    /// A page whose `Link: rel="next"` points back at the same URL.
    case cursorLoop
    /// A page whose `Link: rel="next"` points at another origin.
    case offOriginLink
    /// A page holding more items than the `limit` asked for.
    case tooManyItems
}
