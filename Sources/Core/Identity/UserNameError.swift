/// Why a `userName` was refused by ``UserNameCanonicalizer``.
public enum UserNameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of a refused code point.
    public enum Reason: String, Sendable, Equatable {
        /// A control character (`Cc`, `Zl`, `Zp`).
        case control
        /// An invisible formatting character (`Cf` or default-ignorable).
        case invisible
        /// A surrogate or private-use code point.
        case privateOrSurrogate = "private use or surrogate"
        /// A code point not assigned in the toolchain's Unicode version.
        case unassigned
    }

    /// The empty string.
    case empty
    /// Longer than ``UserNameCanonicalizer/maximumUTF8Length`` UTF-8 bytes (the length given).
    case tooLong(Int)
    /// A refused code point (its scalar value) and why.
    case disallowedCharacter(UInt32, Reason)

    /// A message fit for a SCIM error `detail` (never echoes the whole input).
    public var description: String {
        switch self {
        case .empty:
            "userName must not be empty"
        case .tooLong(let count):
            "userName is \(count) bytes long; the limit is \(UserNameCanonicalizer.maximumUTF8Length)"
        case .disallowedCharacter(let value, let reason):
            "userName contains a disallowed \(reason.rawValue) character U+\(Self.hex(value))"
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
