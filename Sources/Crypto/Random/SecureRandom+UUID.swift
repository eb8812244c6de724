import Foundation

extension SecureRandom {
    /// A time-ordered (version 7, RFC 9562 §5.7) UUID in lowercase text form: 48 bits of Unix
    /// milliseconds, then 74 random bits.
    ///
    /// For primary keys: ids made one after another sort one after another, so inserting a row
    /// appends to the right edge of every B-tree keyed by the id (the table's key, the foreign
    /// keys and audit index that repeat it) instead of dirtying a random leaf page in each —
    /// fewer pages written per commit and per checkpoint. The random part keeps ids unique and
    /// unguessable; the creation time they reveal is public anyway (`meta.created`). From
    /// OpenSSL's DRBG rather than Foundation's `UUID()`, which on Linux opens, reads and closes
    /// `/dev/urandom` on every call (four system calls on the request path of every SCIM create),
    /// through ``IdentifierRandomPool``, which fetches them 4 KiB at a time.
    /// - Throws: ``CryptoError/randomUnavailable(_:)`` when OpenSSL cannot produce secure bytes.
    public static func timeOrderedUUID(at time: Date = Date()) throws(CryptoError) -> String {
        // The first six bytes are overwritten with the time below.
        var bytes = [UInt8](repeating: 0, count: 6) + (try IdentifierRandomPool.shared.take(10))
        let milliseconds = UInt64(max(0, (time.timeIntervalSince1970 * 1000).rounded(.down)))
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - UInt64(index)))) }
        bytes[6] = bytes[6] & 0x0F | 0x70  // version 7
        bytes[8] = bytes[8] & 0x3F | 0x80  // variant 10 (RFC 9562 §4.1)
        return text(of: bytes)
    }

    /// `8-4-4-4-12` lowercase hex.
    private static func text(of bytes: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
