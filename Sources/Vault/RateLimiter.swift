import Locking

/// A token bucket per API key: `rate` requests a second, bursts up to `rate`.
package final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updatedAt: Int64
    }

    private let rate: Double
    private let buckets = Locked<[String: Bucket]>([:])

    package init(requestsPerSecond: Int) { rate = Double(requestsPerSecond) }

    /// True if the key may make a request now (and takes a token); false if it is over its rate.
    package func allow(_ keyID: String, now: Int64) -> Bool {
        buckets.withLock { buckets in
            var bucket = buckets[keyID] ?? Bucket(tokens: rate, updatedAt: now)
            bucket.tokens = min(rate, bucket.tokens + Double(now - bucket.updatedAt) * rate / 1000)
            bucket.updatedAt = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[keyID] = bucket
            return allowed
        }
    }
}
