// SPDX-License-Identifier: MIT

/// Progress through a chunked body (RFC 9112 §7.1), kept between reads so any split point works.
struct ChunkedState: Sendable {
    /// The grammar position within `chunked-body` (RFC 9112 §7.1).
    enum Step: Sendable {
        case size, sizeSpace, extensionText, sizeLF, data, dataCR, dataLF
        case trailerStart, trailerLine, trailerLF, finalLF
    }
    /// Where the decoder is.
    var step: Step = .size
    /// The chunk size accumulated from hex digits.
    var size = 0
    /// Hex digits read for this size (bounded to prevent overflow).
    var digits = 0
    /// Data bytes still expected in the current chunk.
    var remaining = 0
    /// Inside a quoted-string of a chunk extension.
    var inQuotes = false
    /// After a backslash inside a quoted-string.
    var escaped = false
    /// Bytes of chunk extensions and trailers seen, bounded by the header limit.
    var metadataBytes = 0
}

extension HTTPRequestDecoder {
    /// Consumes buffered chunked-body bytes; returns `true` once the last chunk and trailers are read.
    ///
    /// Extensions are tolerated and ignored (RFC 9112 §7.1.1), trailers are discarded (§7.1.2, a
    /// server may); sizes allow no leading or trailing junk and at most 15 hex digits so they cannot
    /// overflow, and the running total is checked against the body limit before data is copied.
    mutating func decodeChunks(_ c: inout ChunkedState) -> Result<Bool, HTTPParseError> {
        let maxBody = limits.maxBodyBytes
        let maxMeta = limits.maxHeaderBytes
        while readIndex < buffer.count {
            let b = buffer[readIndex]
            switch c.step {
            case .size:
                let v = ASCII.hexValue[Int(b)]
                if v != 0xFF {
                    c.digits += 1
                    if c.digits > 15 { return .failure(.bad("chunk size overflow")) }
                    c.size = c.size << 4 | Int(v)
                } else {
                    guard c.digits > 0 else { return .failure(.bad("invalid chunk size")) }
                    switch b {
                    case ASCII.cr: c.step = .sizeLF
                    case ASCII.semicolon: c.step = .extensionText
                    case ASCII.sp, ASCII.htab: c.step = .sizeSpace  // BWS before ';' (RFC 9112 §7.1.1)
                    default: return .failure(.bad("invalid chunk size"))
                    }
                    if c.size > maxBody - chunkedBody.count {
                        return .failure(HTTPParseError(.payloadTooLarge, "chunked body over limit"))
                    }
                }
            case .sizeSpace:
                switch b {
                case ASCII.sp, ASCII.htab: break
                case ASCII.semicolon: c.step = .extensionText
                default: return .failure(.bad("invalid chunk size"))
                }
            case .extensionText:
                c.metadataBytes += 1
                if c.metadataBytes > maxMeta { return .failure(.bad("chunk extensions too large")) }
                if c.escaped {
                    c.escaped = false
                } else if b == ASCII.cr {
                    if c.inQuotes { return .failure(.bad("unterminated quoted string in chunk extension")) }
                    c.step = .sizeLF
                } else if b == ASCII.lf || (b < 0x20 && b != ASCII.htab) || b == 0x7F {
                    return .failure(.bad("invalid chunk extension"))
                } else if b == ASCII.quote {
                    c.inQuotes.toggle()
                } else if b == ASCII.backslash && c.inQuotes {
                    c.escaped = true
                }
            case .sizeLF:
                guard b == ASCII.lf else { return .failure(.bad("bare CR in chunk size line")) }
                if c.size == 0 {
                    c.step = .trailerStart
                } else {
                    c.remaining = c.size
                    c.step = .data
                }
            case .data:
                let n = min(c.remaining, buffer.count - readIndex)
                chunkedBody.append(contentsOf: buffer[readIndex..<readIndex + n])
                readIndex += n
                c.remaining -= n
                if c.remaining == 0 { c.step = .dataCR }
                continue
            case .dataCR:
                guard b == ASCII.cr else { return .failure(.bad("chunk data longer than its size")) }
                c.step = .dataLF
            case .dataLF:
                guard b == ASCII.lf else { return .failure(.bad("bare CR after chunk data")) }
                c = ChunkedState(metadataBytes: c.metadataBytes)
            case .trailerStart:
                if b == ASCII.cr {
                    c.step = .finalLF
                } else {
                    guard ASCII.isTokenChar[Int(b)] else { return .failure(.bad("invalid trailer field")) }
                    c.step = .trailerLine
                    c.metadataBytes += 1
                }
            case .trailerLine:
                c.metadataBytes += 1
                if c.metadataBytes > maxMeta {
                    return .failure(HTTPParseError(.requestHeaderFieldsTooLarge, "trailers too large"))
                }
                if b == ASCII.cr {
                    c.step = .trailerLF
                } else if !ASCII.isFieldValueChar[Int(b)] {
                    return .failure(.bad("invalid character in trailer"))
                }
            case .trailerLF:
                guard b == ASCII.lf else { return .failure(.bad("bare CR in trailer")) }
                c.step = .trailerStart
            case .finalLF:
                guard b == ASCII.lf else { return .failure(.bad("bare CR after trailers")) }
                readIndex += 1
                return .success(true)
            }
            readIndex += 1
        }
        return .success(false)
    }
}
