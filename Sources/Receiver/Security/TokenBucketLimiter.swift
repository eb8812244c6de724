import Foundation
import Synchronization

/// Per-key token buckets: `rate` requests per second on average with bursts up to `burst`.
///
/// Used for SCIM requests per connection and for failed authentications per client address
/// (design.md "SCIM receiver rules"). Okta and Entra honour `429` with an integer
/// `Retry-After` (okta-protocol.md A9, hardening.md §1.3), so a refusal says how long to wait.
/// The table is bounded: when it grows past `maximumKeys`, full (idle) buckets are dropped.
public final class TokenBucketLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    /// Sustained requests per second.
    public let rate: Double
    /// Largest burst.
    public let burst: Double
    private let maximumKeys: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    /// Creates a limiter; `rate` and `burst` must be positive.
    public init(rate: Double, burst: Double, maximumKeys: Int = 100_000) {
        self.rate = max(rate, 0.001)
        self.burst = max(burst, 1)
        self.maximumKeys = maximumKeys
    }

    /// Takes one token for `key`. Returns nil when allowed, or the whole seconds to wait (≥ 1).
    public func acquire(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        buckets.withLock { table in
            var bucket = table[key] ?? Bucket(tokens: burst, updated: now)
            refill(&bucket, now: now)
            defer {
                table[key] = bucket
                if table.count > maximumKeys { prune(&table, now: now) }
            }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
        }
    }

    /// Whether `key` would be refused now, without taking a token (for checks before work).
    public func isExhausted(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        buckets.withLock { table in
            // No bucket at all is the common case for the failed-authentication limiter.
            guard !table.isEmpty, var bucket = table[key] else { return nil }
            refill(&bucket, now: now)
            table[key] = bucket
            return bucket.tokens >= 1 ? nil : max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
        }
    }

    private func refill(_ bucket: inout Bucket, now: ContinuousClock.Instant) {
        let elapsed = bucket.updated.duration(to: now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if seconds > 0 {
            bucket.tokens = min(burst, bucket.tokens + seconds * rate)
            bucket.updated = now
        }
    }

    private func prune(_ table: inout [String: Bucket], now: ContinuousClock.Instant) {
        for (key, var bucket) in table {
            refill(&bucket, now: now)
            if bucket.tokens >= burst { table[key] = nil }
        }
    }
}
