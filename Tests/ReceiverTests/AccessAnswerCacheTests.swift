import Core
import Foundation
@testable import Receiver
@testable import Store
import Testing

/// `AccessAnswerCache` on its own: an answer is given only at the stamp it was read at, a token
/// only to its own digest, answers only for their own tenant, and the cache stays bounded.
@Suite struct AccessAnswerCacheTests {
    private static func stamp(_ change: UInt64) -> CommitStamp { CommitStamp(words: (1, change, 0, 0, 0, 0)) }
    private static func token(_ tenant: String = "acme") -> APIToken {
        APIToken(
            id: "tok-\(tenant)", tenant: TenantName(rawValue: tenant)!, scope: .platform, createdAt: Date(),
            lastUsedAt: nil, revokedAt: nil)
    }
    private static let digest = [UInt8](repeating: 7, count: 32)
    private static let alice = AccessAnswerCache.Question(tenant: "acme", userName: "alice@example.com")

    /// A miss at `stamp` (which makes it the generation's), then the answer kept at it.
    private static func keep(
        _ cache: AccessAnswerCache, _ question: AccessAnswerCache.Question = alice, body: [UInt8] = [1],
        stamp: CommitStamp, now: UInt64 = 0
    ) {
        _ = cache.answer(to: question, stamp: stamp, now: now)
        cache.remember(question, body: body, token: token(), digest: digest, stamp: stamp)
    }

    @Test func anAnswerIsGivenOnlyAtTheStampItWasReadAt() {
        let cache = AccessAnswerCache(answerCapacity: 10)
        #expect(cache.answer(to: Self.alice, stamp: Self.stamp(1), now: 0) == nil)
        cache.remember(Self.alice, body: [1, 2], token: Self.token(), digest: Self.digest, stamp: Self.stamp(1))
        #expect(cache.answer(to: Self.alice, stamp: Self.stamp(1), now: 1) == [1, 2])
        #expect(cache.token(digest: Self.digest, stamp: Self.stamp(1))?.id == "tok-acme")
        // A newer stamp: nothing of the old generation is given or kept.
        #expect(cache.answer(to: Self.alice, stamp: Self.stamp(2), now: 2) == nil)
        #expect(cache.token(digest: Self.digest, stamp: Self.stamp(2)) == nil)
        #expect(cache.count == 0)
    }

    @Test func anAnswerReadBeforeTheGenerationMovedOnIsNotKept() {
        let cache = AccessAnswerCache(answerCapacity: 10)
        // Request A finds stamp 1 current and starts its read; meanwhile something commits and
        // request B, at stamp 2, replaces the generation. A's answer (labelled 1) is dropped.
        _ = cache.answer(to: Self.alice, stamp: Self.stamp(1), now: 0)
        _ = cache.answer(to: Self.alice, stamp: Self.stamp(2), now: 1)
        cache.remember(Self.alice, body: [1], token: Self.token(), digest: Self.digest, stamp: Self.stamp(1))
        #expect(cache.count == 0)
        #expect(cache.answer(to: Self.alice, stamp: Self.stamp(1), now: 2) == nil)
    }

    @Test func anotherTokenOrTenantGetsNoAnswer() {
        let cache = AccessAnswerCache(answerCapacity: 10)
        Self.keep(cache, stamp: Self.stamp(1))
        #expect(cache.token(digest: [UInt8](repeating: 8, count: 32), stamp: Self.stamp(1)) == nil)
        let otherTenant = AccessAnswerCache.Question(tenant: "other", userName: "alice@example.com")
        #expect(cache.answer(to: otherTenant, stamp: Self.stamp(1), now: 0) == nil)
        // The userName is matched as sent: another spelling is another question.
        let spelled = AccessAnswerCache.Question(tenant: "acme", userName: "ALICE@example.com")
        #expect(cache.answer(to: spelled, stamp: Self.stamp(1), now: 0) == nil)
        #expect(cache.answer(to: Self.alice, stamp: Self.stamp(1), now: 0) == [1])
    }

    @Test func aStampIsTrustedForAMinuteAtMost() {
        let cache = AccessAnswerCache(answerCapacity: 10)
        Self.keep(cache, stamp: Self.stamp(1), now: 5)
        let limit = AccessAnswerCache.maximumAgeNanoseconds
        #expect(cache.answer(to: Self.alice, stamp: Self.stamp(1), now: 5 + limit - 1) == [1])
        #expect(cache.answer(to: Self.alice, stamp: Self.stamp(1), now: 5 + limit) == nil)
        #expect(cache.count == 0)
    }

    @Test func boundedAndCanBeTurnedOff() {
        let cache = AccessAnswerCache(answerCapacity: 3)
        for index in 0..<10 {
            let question = AccessAnswerCache.Question(tenant: "acme", userName: "user\(index)")
            Self.keep(cache, question, body: [UInt8(index)], stamp: Self.stamp(1))
            #expect(cache.count <= 3)
        }
        let last = AccessAnswerCache.Question(tenant: "acme", userName: "user9")
        #expect(cache.answer(to: last, stamp: Self.stamp(1), now: 0) == [9])

        let off = AccessAnswerCache(answerCapacity: 0)
        #expect(!off.isEnabled)
        Self.keep(off, stamp: Self.stamp(1))
        #expect(off.count == 0)
    }
}
