import Core
import Foundation
import Store

/// Writes the platform API's JSON straight into bytes, without `JSONEncoder` or an intermediate
/// tree: the `/access` answer sits on the platform's sign-in path. Strings and numbers go through
/// ``Core/JSONValue``'s serialiser; JSON already stored in the database (user attributes, audit
/// `before`/`after`, checked by `json_valid` on insert) is copied in verbatim.
struct PlatformJSON {
    /// The output so far.
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    /// An empty writer.
    init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    /// `{`.
    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    /// `}`.
    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// `"key":[`.
    mutating func beginArray(_ key: String) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    /// `]`.
    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// `"key":"value"` (or `null`).
    mutating func field(_ key: String, _ value: String?) {
        self.key(key)
        if let value { JSONValue.writeString(value, into: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
        needsComma = true
    }

    /// `"key":true` (or `null`).
    mutating func field(_ key: String, _ value: Bool?) {
        self.key(key)
        bytes.append(contentsOf: value.map { $0 ? "true" : "false" }.map { Array($0.utf8) } ?? Array("null".utf8))
        needsComma = true
    }

    /// `"key":123`.
    mutating func field(_ key: String, _ value: Int) {
        self.key(key)
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    /// `"key":"2026-01-05T10:00:00Z"` (RFC 3339, UTC) or `null`.
    mutating func field(_ key: String, _ value: Date?) {
        field(key, value.map(RFC3339.format))
    }

    /// `"key":<json>` copying already-serialised, valid JSON (or `null`).
    mutating func raw(_ key: String, _ json: String?) {
        self.key(key)
        if let json, !json.isEmpty { bytes.append(contentsOf: json.utf8) } else { bytes.append(contentsOf: "null".utf8) }
        needsComma = true
    }

    private mutating func key(_ key: String) {
        separate()
        JSONValue.writeString(key, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }
}
