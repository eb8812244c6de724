// SPDX-License-Identifier: MIT

import Glibc

/// Every registered pattern as plain bytes and integers, for matching request paths.
///
/// Matching runs for every request against several candidate patterns. Done over `[Segment]`
/// enums and `[Substring]` path parts it retained and released a string per segment tried (about
/// 4 % of the event loop's time on `/access`); over these arrays of trivial values it only reads
/// memory. The path is cut into byte ranges of its own UTF-8 storage, never into substrings.
struct CompiledPatterns: Sendable {
    /// A segment kind: a literal, a `:name` parameter, or the final `*`.
    enum Kind: UInt8 {
        /// Text that must equal the path segment byte for byte.
        case literal = 0
        /// `:name`: any non-empty segment.
        case parameter = 1
        /// The final `*`: whatever is left of the path, even nothing.
        case rest = 2
    }

    /// Per segment, in entry order: its ``Kind`` raw value.
    private var kinds: [UInt8] = []
    /// Per segment: where its literal text starts in ``literals`` (0 for other kinds).
    private var literalStarts: [Int] = []
    /// Per segment: its literal text's length in bytes (0 for other kinds).
    private var literalLengths: [Int] = []
    /// Per entry: the index of its first segment in the arrays above.
    private var firstSegments: [Int] = []
    /// Per entry: its number of segments.
    private var segmentCounts: [Int] = []
    /// Every literal segment's UTF-8 bytes, one after the other.
    private var literals: [UInt8] = []

    /// Appends the next entry's segments (entries are compiled in registration order).
    mutating func append(_ segments: [Router.Segment]) {
        firstSegments.append(kinds.count)
        segmentCounts.append(segments.count)
        for segment in segments {
            switch segment {
            case .literal(let text):
                kinds.append(Kind.literal.rawValue)
                literalStarts.append(literals.count)
                literalLengths.append(text.utf8.count)
                literals.append(contentsOf: text.utf8)
            case .parameter:
                kinds.append(Kind.parameter.rawValue)
                literalStarts.append(0)
                literalLengths.append(0)
            case .rest:
                kinds.append(Kind.rest.rawValue)
                literalStarts.append(0)
                literalLengths.append(0)
            }
        }
    }

    /// Whether entry `entry` matches the path whose segments are `ranges` of `path`: literals byte
    /// for byte, a parameter any non-empty segment, `*` whatever is left (even nothing).
    func matches(_ entry: Int, _ ranges: [Range<Int>], in path: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = firstSegments[entry]
        let count = segmentCounts[entry]
        for i in 0..<count {
            let segment = first + i
            switch kinds[segment] {
            case Kind.rest.rawValue:
                return true
            case Kind.literal.rawValue:
                guard i < ranges.count else { return false }
                let range = ranges[i]
                let length = literalLengths[segment]
                guard range.count == length else { return false }
                if length > 0 {
                    let same = literals.withUnsafeBufferPointer { literal in
                        memcmp(path.baseAddress! + range.lowerBound, literal.baseAddress! + literalStarts[segment], length) == 0
                    }
                    if !same { return false }
                }
            default:
                guard i < ranges.count, !ranges[i].isEmpty else { return false }
            }
        }
        return count == ranges.count
    }

    /// Whether entry `lhs` is more specific than entry `rhs`: segment kinds compared in order
    /// (literal before parameter before rest), then the shorter pattern first.
    func precedes(_ lhs: Int, _ rhs: Int) -> Bool {
        let left = firstSegments[lhs]
        let right = firstSegments[rhs]
        for i in 0..<min(segmentCounts[lhs], segmentCounts[rhs]) where kinds[left + i] != kinds[right + i] {
            return kinds[left + i] < kinds[right + i]
        }
        return segmentCounts[lhs] < segmentCounts[rhs]
    }

    /// The byte ranges of `path`'s segments, ignoring the leading slash (a trailing slash yields
    /// an empty last segment), like `split(separator: "/", omittingEmptySubsequences: false)`
    /// without the leading empty part.
    static func segmentRanges(of path: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(8)
        var start = 0
        for index in 0..<path.count where path[index] == UInt8(ascii: "/") {
            ranges.append(start..<index)
            start = index + 1
        }
        ranges.append(start..<path.count)
        if ranges.first?.isEmpty == true { ranges.removeFirst() }
        return ranges
    }
}
