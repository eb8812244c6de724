import Core
import Dispatch
import Store
import Synchronization

/// The answers of `GET /access` and the platform tokens that asked for them, kept only while
/// nothing at all has committed to the database (``Store/CommitStamp``): the sign-in path asks
/// about the same people again and again, and between two commits the answer cannot change.
///
/// A hit is served on the event loop without a database trip: the stamp is read from the WAL
/// index, the token's digest must be one that was verified as an active token while the database
/// was at that same stamp, and the answer must have been read at that stamp. So a revocation, a
/// deactivation, a membership change, any commit by the server or by the CLI, empties the cache
/// for every later request, exactly as if every request read the database.
///
/// Why entries are labelled with a stamp taken *before* their read began: that stamp is an
/// older-or-equal label of the snapshot read, so "the current stamp equals the label" implies
/// "the snapshot is the current state". One generation holds the entries of one stamp: a lookup
/// with a newer current stamp replaces it, and an entry whose label is no longer the
/// generation's is not kept, since it could never be used.
///
/// A miss costs the event loop one `pread` of the WAL index and two short critical sections; the
/// token's digest is computed on the loop only when an answer is there to be served.
///
/// Bounded: at most ``answerCapacity`` answers and ``tokenCapacity`` tokens (all dropped when one
/// more would not fit), and a stamp is trusted for at most ``maximumAgeNanoseconds``. Keyed by
/// the token's SHA-256 digest, never by its secret; answers by tenant and userName as sent, so
/// one tenant's entries cannot answer another's requests.
final class AccessAnswerCache: Sendable {
    /// One tenant's question about one userName, as sent (before canonicalisation: the same
    /// string always gets the same answer).
    struct Question: Hashable {
        /// The tenant of the path.
        let tenant: String
        /// The userName of the path.
        let userName: String
    }

    /// Everything known at one stamp.
    private struct Generation {
        var stamp: CommitStamp?
        var startedAt: UInt64 = 0
        var tokens: [[UInt8]: APIToken] = [:]
        var answers: [Question: [UInt8]] = [:]
    }

    /// Most answers kept; zero turns the cache off.
    let answerCapacity: Int
    /// Most tokens kept (a working set of platform tokens is a few per tenant).
    static let tokenCapacity = 64
    /// Longest one stamp is trusted, however quiet the database (60 s), which also keeps the
    /// WAL index's 32-bit change counter from wrapping around while trusted.
    static let maximumAgeNanoseconds: UInt64 = 60_000_000_000

    private let generation = Mutex(Generation())
    private let hitCount = Atomic<Int>(0)
    private let missCount = Atomic<Int>(0)

    /// A cache of at most `answerCapacity` answers (0: off).
    init(answerCapacity: Int) {
        self.answerCapacity = answerCapacity
    }

    /// Whether the cache is on.
    var isEnabled: Bool { answerCapacity > 0 }

    /// The answer to `question` read while the database was at `stamp`, the current stamp (read
    /// by the caller just now), if one is kept. Kept answers of any other stamp, or of a stamp
    /// trusted too long, can never be used again: they are dropped here, and `stamp` starts a new,
    /// empty generation.
    func answer(to question: Question, stamp: CommitStamp, now: UInt64) -> [UInt8]? {
        generation.withLock { generation in
            guard generation.stamp == stamp, now &- generation.startedAt < Self.maximumAgeNanoseconds else {
                if isEnabled { generation = Generation(stamp: stamp, startedAt: now) }
                return nil
            }
            return generation.answers[question]
        }
    }

    /// The active token with `digest` if it was verified while the database was at `stamp`;
    /// call right after ``answer(to:stamp:now:)`` returned an answer for the same stamp.
    func token(digest: [UInt8], stamp: CommitStamp) -> APIToken? {
        generation.withLock { generation in
            generation.stamp == stamp ? generation.tokens[digest] : nil
        }
    }

    /// Keeps `token` (verified, with its `digest`) and the answer `body` to `question`, both read
    /// in a snapshot labelled `stamp`: the stamp the request found current before its read, when
    /// ``answer(to:stamp:now:)`` made it the generation's. If the generation has moved on to a
    /// newer stamp since, the answer is older than it and is not kept.
    func remember(_ question: Question, body: [UInt8], token: APIToken, digest: [UInt8], stamp: CommitStamp) {
        guard isEnabled else { return }
        generation.withLock { generation in
            guard generation.stamp == stamp else { return }
            if generation.tokens[digest] == nil && generation.tokens.count >= Self.tokenCapacity {
                generation.tokens.removeAll(keepingCapacity: true)
            }
            if generation.answers[question] == nil && generation.answers.count >= answerCapacity {
                generation.answers.removeAll(keepingCapacity: true)
            }
            generation.tokens[digest] = token
            generation.answers[question] = body
        }
    }

    /// Counts one check answered from the cache (`hit`) or by a read.
    func count(hit: Bool) {
        if hit {
            hitCount.wrappingAdd(1, ordering: .relaxed)
        } else {
            missCount.wrappingAdd(1, ordering: .relaxed)
        }
    }

    /// Checks answered from the cache so far.
    var hits: Int { hitCount.load(ordering: .relaxed) }
    /// Checks the cache could not answer so far (while it is on).
    var misses: Int { missCount.load(ordering: .relaxed) }

    /// The number of answers kept (tests).
    var count: Int { generation.withLock { $0.answers.count } }

    /// Monotonic nanoseconds, the clock of ``answer(to:stamp:now:)``.
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
