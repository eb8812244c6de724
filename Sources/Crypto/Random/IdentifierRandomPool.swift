import Synchronization

/// Random bytes for identifiers, drawn from one buffer that OpenSSL's DRBG refills 4 KiB at a
/// time (``SecureRandom/bytes(count:)``), so a new id costs a short critical section instead of a
/// `RAND_bytes` call each (OpenSSL 3 looks up and locks its DRBG on every call: about 3 % of the
/// event loop's time under a burst of SCIM creates).
///
/// The bytes are exactly as unpredictable as drawing them one call at a time; they only wait in
/// memory until used. That is fine for identifiers, which are public once issued, and is why
/// secrets (tokens, keys) never come from here. Roster never forks, so no child process can
/// inherit and reissue the buffered bytes.
final class IdentifierRandomPool: Sendable {
    /// Bytes fetched per refill.
    static let capacity = 4096

    /// The pool behind ``SecureRandom/timeOrderedUUID(at:)``.
    static let shared = IdentifierRandomPool()

    private struct State {
        var buffer: [UInt8] = []
        var offset = 0
    }

    private let state = Mutex(State())

    /// `count` (at most ``capacity``) unused random bytes; each byte is handed out once.
    func take(_ count: Int) throws(CryptoError) -> [UInt8] {
        precondition((0...Self.capacity).contains(count), "at most \(Self.capacity) bytes per draw")
        return try state.withLock { (state: inout State) throws(CryptoError) -> [UInt8] in
            if state.buffer.count - state.offset < count {
                state.buffer = try SecureRandom.bytes(count: Self.capacity)
                state.offset = 0
            }
            let taken = Array(state.buffer[state.offset..<state.offset + count])
            state.offset += count
            return taken
        }
    }
}
