import Core
import Foundation
@testable import Receiver
@testable import Store
import Testing

/// `AccessAnswerCache` on its own: an answer is given only for the stamp it was read at, to the
/// token it was read for, for its own tenant, and the cache stays bounded.
@Suite struct AccessAnswerCacheTests {
    private static func stamp(_ change: UInt64) -> CommitStamp { CommitStamp(words: (1, change, 0, 0, 0, 0)) }
    private static func token(_ tenant: String = "acme") -> APIToken {
        APIToken(
            id: "tok-\(tenant)", tenant: TenantName(rawValue: tenant)!, scope: .platform, createdAt: Date(),
            lastUsedAt: nil, revokedAt: nil)
    }
    private static let digest = [UInt8](repeating: 7, count: 32)
    private static let alice = AccessAnswerCache.Question(tenant: "acme", userName: "alice@example.com")

    @Test func anAnswerIsGivenOnlyAtTheStampItWasReadAt() {
        let cache = AccessAnswerCache(answerCapacity: 10)
        cache.remember(Self.alice, body: [1, 2], token: Self.token(), digest: Self.digest, stamp: Self.stamp(1), now: 0)
        let hit = cache.lookup(Self.alice, digest: Self.digest, stamp: Self.stamp(1), now: 1)
        #expect(hit?.body == [1, 2])
        #expect(hit?.token.id == "tok-acme")
        #expect(cache.lookup(Self.alice, digest: Self.digest, stamp: Self.stamp(2), now: 1) == nil)
        // A new stamp starts an empty generation: nothing from the old one survives.
        let bob = AccessAnswerCache.Question(tenant: "acme", userName: "bob@example.com")
        cache.remember(bob, body: [3], token: Self.token(), digest: Self.digest, stamp: Self.stamp(2), now: 2)
        #expect(cache.lookup(Self.alice, digest: Self.digest, stamp: Self.stamp(2), now: 2) == nil)
        #expect(cache.count == 1)
    }

    @Test func anotherTokenOrTenantGetsNoAnswer() {
        let cache = AccessAnswerCache(answerCapacity: 10)
        cache.remember(Self.alice, body: [1], token: Self.token(), digest: Self.digest, stamp: Self.stamp(1), now: 0)
        let otherDigest = [UInt8](repeating: 8, count: 32)
        #expect(cache.lookup(Self.alice, digest: otherDigest, stamp: Self.stamp(1), now: 0) == nil)
        let otherTenant = AccessAnswerCache.Question(tenant: "other", userName: "alice@example.com")
        #expect(cache.lookup(otherTenant, digest: Self.digest, stamp: Self.stamp(1), now: 0) == nil)
        // The userName is matched as sent: another spelling is another question.
        let spelled = AccessAnswerCache.Question(tenant: "acme", userName: "ALICE@example.com")
        #expect(cache.lookup(spelled, digest: Self.digest, stamp: Self.stamp(1), now: 0) == nil)
    }

    @Test func aStampIsTrustedForAMinuteAtMost() {
        let cache = AccessAnswerCache(answerCapacity: 10)
        cache.remember(Self.alice, body: [1], token: Self.token(), digest: Self.digest, stamp: Self.stamp(1), now: 5)
        let limit = AccessAnswerCache.maximumAgeNanoseconds
        #expect(cache.lookup(Self.alice, digest: Self.digest, stamp: Self.stamp(1), now: 5 + limit - 1) != nil)
        #expect(cache.lookup(Self.alice, digest: Self.digest, stamp: Self.stamp(1), now: 5 + limit) == nil)
    }

    @Test func boundedAndCanBeTurnedOff() {
        let cache = AccessAnswerCache(answerCapacity: 3)
        for index in 0..<10 {
            let question = AccessAnswerCache.Question(tenant: "acme", userName: "user\(index)")
            cache.remember(question, body: [UInt8(index)], token: Self.token(), digest: Self.digest, stamp: Self.stamp(1), now: 0)
            #expect(cache.count <= 3)
        }
        let last = AccessAnswerCache.Question(tenant: "acme", userName: "user9")
        #expect(cache.lookup(last, digest: Self.digest, stamp: Self.stamp(1), now: 0)?.body == [9])

        let off = AccessAnswerCache(answerCapacity: 0)
        #expect(!off.isEnabled)
        off.remember(Self.alice, body: [1], token: Self.token(), digest: Self.digest, stamp: Self.stamp(1), now: 0)
        #expect(off.count == 0)
    }
}
