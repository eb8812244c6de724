// SPDX-License-Identifier: MIT

/// An incremental, strict HTTP/1.1 request decoder (RFC 9112).
///
/// Bytes are appended to ``buffer`` in whatever pieces the transport delivers; ``next()`` then yields
/// heads, complete messages, or an error. The decoder never looks past the end of the current message,
/// so pipelined requests stay in the buffer for the next call, with exact body boundaries.
///
/// It holds no sockets and no clocks, which makes it the natural libFuzzer target: feed arbitrary bytes
/// and call ``next()`` until it returns ``Event/needMore`` or an error (hardening.md §1.7).
public struct HTTPRequestDecoder: Sendable {
    /// What ``next()`` found.
    public enum Event: Sendable {
        /// The current message is incomplete; append more bytes.
        case needMore
        /// A head whose body has not been read yet (only emitted when a body follows).
        case head(HTTPRequestHead)
        /// A complete request and whether the connection may stay open after it.
        case message(HTTPRequest, keepAlive: Bool)
        /// The input is not a valid request; answer `status` and close.
        case error(HTTPParseError)
    }

    /// Where the decoder is within the current message.
    enum State: Sendable {
        case head
        case body(head: HTTPRequestHead, remaining: Int)
        case chunked(head: HTTPRequestHead, chunk: ChunkedState)
        case failed(HTTPParseError)
    }

    /// Received bytes; everything before ``readIndex`` is consumed.
    public var buffer: [UInt8] = []
    /// The first unconsumed byte of ``buffer``.
    var readIndex = 0
    /// How far the head scan has looked for the blank line, so slow clients cost O(n) overall.
    var scanIndex = 0
    /// Where the request line ended (index of its CR), once seen.
    var requestLineEnd: Int?
    /// Field lines seen so far in the current head.
    var fieldCount = 0
    /// Start of the line the head scan is in.
    var lineStart = 0
    /// Leading empty lines skipped before this request line (RFC 9112 §2.2 allows ignoring some).
    var skippedEmptyLines = 0
    /// The de-chunked body collected so far.
    var chunkedBody: [UInt8] = []
    /// The current state.
    var state: State = .head
    /// The limits to enforce.
    public let limits: HTTPServerLimits
    /// Copied into every request.
    public var remoteAddress: String?

    /// Creates a decoder enforcing `limits`.
    public init(limits: HTTPServerLimits = .init(), remoteAddress: String? = nil) {
        self.limits = limits
        self.remoteAddress = remoteAddress
        buffer.reserveCapacity(4096)
    }

    /// Appends received bytes.
    public mutating func append<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    /// Whether any byte of the next (or current) request has arrived: the header clock should run.
    public var hasPartialMessage: Bool {
        if case .head = state { return buffer.count > readIndex }
        return true
    }

    /// Whether the decoder is reading a body (the body clock applies).
    public var isReadingBody: Bool {
        switch state {
        case .body, .chunked: true
        default: false
        }
    }

    /// Decodes as far as the buffered bytes allow.
    public mutating func next() -> Event {
        switch state {
        case .failed(let error):
            return .error(error)
        case .head:
            return nextHead()
        case .body(let head, let remaining):
            guard buffer.count - readIndex >= remaining else { return .needMore }
            let body = Array(buffer[readIndex..<readIndex + remaining])
            readIndex += remaining
            return finish(head, body: body)
        case .chunked(let head, var chunk):
            state = .head  // drop the state's copy of the head so `chunk` is uniquely referenced
            let result = decodeChunks(&chunk)
            switch result {
            case .failure(let error):
                return fail(error)
            case .success(false):
                state = .chunked(head: head, chunk: chunk)
                return .needMore
            case .success(true):
                let body = chunkedBody
                chunkedBody = []
                return finish(head, body: body)
            }
        }
    }

    /// Scans for the end of the head and parses it, or reports the limit it broke.
    mutating func nextHead() -> Event {
        compactIfIdle()
        switch scanHead() {
        case .failure(let error):
            return fail(error)
        case .success(nil):
            return .needMore
        case .success(let (end, next)?):
            let start = readIndex
            let parsed = buffer.withUnsafeBufferPointer { all in
                Self.parseHead(
                    UnsafeBufferPointer(rebasing: all[start..<end]),
                    requestLineLength: requestLineEnd! - start,
                    limits: limits
                )
            }
            readIndex = next
            scanIndex = next
            lineStart = next
            requestLineEnd = nil
            fieldCount = 0
            skippedEmptyLines = 0
            switch parsed {
            case .failure(let error):
                return fail(error)
            case .success(var head):
                head.request.remoteAddress = remoteAddress
                switch head.framing {
                case .none, .length(0):
                    return finish(head, body: [])
                case .length(let n):
                    if n > limits.maxBodyBytes {
                        return fail(HTTPParseError(.payloadTooLarge, "content-length over limit"))
                    }
                    state = .body(head: head, remaining: n)
                case .chunked:
                    state = .chunked(head: head, chunk: ChunkedState())
                }
                return .head(head)
            }
        }
    }

    /// Completes a message and resets for the next one.
    mutating func finish(_ head: HTTPRequestHead, body: [UInt8]) -> Event {
        state = .head
        // The next head starts right after this body: restart the line scan there.
        scanIndex = readIndex
        lineStart = readIndex
        var request = head.request
        request.body = body
        return .message(request, keepAlive: head.keepAlive)
    }

    /// Enters the terminal failed state.
    mutating func fail(_ error: HTTPParseError) -> Event {
        state = .failed(error)
        return .error(error)
    }

    /// Drops consumed bytes between messages so the buffer does not grow without bound.
    mutating func compactIfIdle() {
        guard readIndex > 0, scanIndex == readIndex else { return }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else if readIndex >= 4096 || readIndex * 2 >= buffer.count {
            buffer.removeSubrange(0..<readIndex)
        } else {
            return
        }
        readIndex = 0
        scanIndex = 0
        lineStart = 0
    }
}
