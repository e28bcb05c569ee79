import XCTest
@testable import Vault

final class RateLimiterTests: XCTestCase {
    func testBurstThenRefillPerKey() {
        let limiter = RateLimiter(requestsPerSecond: 4)
        XCTAssertEqual((0..<6).map { _ in limiter.allow("k", now: 1_000) }, [true, true, true, true, false, false])
        XCTAssertTrue(limiter.allow("other", now: 1_000), "each key has its own bucket")
        XCTAssertFalse(limiter.allow("k", now: 1_100), "0.1 s refills 0.4 of a token")
        XCTAssertTrue(limiter.allow("k", now: 1_250), "0.25 s refills one")
        XCTAssertEqual((0..<5).map { _ in limiter.allow("k", now: 10_000) }.filter { $0 }.count, 4, "never more than the burst")
    }
}
