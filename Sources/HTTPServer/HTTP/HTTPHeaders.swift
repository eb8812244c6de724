// SPDX-License-Identifier: MIT

/// An ordered list of header fields with case-insensitive names (RFC 9110 §5.1).
///
/// Order is kept because field order matters for repeated fields (RFC 9110 §5.3); lookups compare
/// names ASCII-case-insensitively without allocating, since the server performs several per request.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// The fields in received (or insertion) order.
    @usableFromInline var fields: [(name: String, value: String)]

    /// Creates an empty header list.
    public init() { fields = [] }

    /// Creates a header list from name/value pairs, keeping their order.
    public init(_ pairs: [(String, String)]) {
        // Room for the few fields added on the way out (request id, cache policy, ETag), so
        // they do not regrow the array one by one.
        fields = []
        fields.reserveCapacity(pairs.count + 4)
        for (name, value) in pairs { fields.append((name: name, value: value)) }
    }

    /// Creates a header list holding one field, with room for the few added on the way out: the
    /// common shape of a response (a `Content-Type`), made without the literal's temporary array.
    public init(_ name: String, _ value: String) {
        fields = []
        fields.reserveCapacity(5)
        fields.append((name: name, value: value))
    }

    /// Creates a header list from a literal; order follows the literal.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The number of fields (repeated names count separately).
    public var count: Int { fields.count }

    /// The first value for `name`; setting replaces every field of that name (or removes them with `nil`).
    public subscript(name: String) -> String? {
        get {
            for field in fields where Self.equalsIgnoringCase(field.name, name) { return field.value }
            return nil
        }
        set {
            remove(name)
            if let newValue { fields.append((name: name, value: newValue)) }
        }
    }

    /// Appends a field, keeping any existing fields of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: String) {
        // Checked first: `removeAll(where:)` makes a shared buffer unique (a copy of every field)
        // even when nothing matches, and setting a new field is the common case.
        guard contains(name) else { return }
        fields.removeAll { Self.equalsIgnoringCase($0.name, name) }
    }

    /// Every value for `name`, in order.
    public func values(for name: String) -> [String] {
        fields.compactMap { Self.equalsIgnoringCase($0.name, name) ? $0.value : nil }
    }

    /// The value of `name` when exactly one field has that name; nil when there is none or
    /// several (for fields that must not repeat, such as `Authorization`). Does not allocate.
    public func singleValue(for name: String) -> String? {
        var found: String?
        for field in fields where Self.equalsIgnoringCase(field.name, name) {
            if found != nil { return nil }
            found = field.value
        }
        return found
    }

    /// Whether any field is named `name`.
    public func contains(_ name: String) -> Bool {
        fields.contains { Self.equalsIgnoringCase($0.name, name) }
    }

    /// Iterates `(name, value)` pairs in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    /// `name: value` lines, for debugging.
    public var description: String {
        fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }

    /// ASCII case-insensitive comparison: field names are tokens, so no Unicode folding is needed
    /// (RFC 9110 §5.1).
    /// The lengths are compared first, without touching the bytes: most comparisons (the
    /// response encoder checks every field against four names) end there.
    @inlinable
    static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a, b = b
        return a.withUTF8 { ua in
            b.withUTF8 { ub in
                for i in 0..<ua.count where ua[i] | 0x20 != ub[i] | 0x20 {
                    // `| 0x20` folds letters; make sure non-letters really were equal.
                    return false
                }
                for i in 0..<ua.count where ua[i] != ub[i] {
                    let l = ua[i] | 0x20
                    if l < UInt8(ascii: "a") || l > UInt8(ascii: "z") { return false }
                }
                return true
            }
        }
    }
}
