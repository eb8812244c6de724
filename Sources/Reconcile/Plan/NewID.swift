import Crypto
import Foundation

/// Ids of what a run creates: the run itself, users provisioned without an id in Okta, teams
/// created for pushed groups.
enum NewID {
    /// A fresh id: a time-ordered UUID (``Crypto/SecureRandom/timeOrderedUUID(at:)``). Foundation's
    /// `UUID()` opens, reads and closes `/dev/urandom` on every call on Linux (a first sync makes
    /// one per provisioned user), and time-ordered ids append to the id-keyed indexes instead of
    /// touching a random page of each.
    static func make() -> String {
        // OpenSSL's DRBG does not fail once seeded; should it, Foundation's generator (which reads
        // the kernel's) is an equally unique fallback.
        (try? SecureRandom.timeOrderedUUID()) ?? UUID().uuidString.lowercased()
    }
}
