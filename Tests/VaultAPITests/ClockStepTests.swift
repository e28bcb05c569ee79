import Foundation
import HTTPTestSupport
import Synchronization
import XCTest
@testable import Vault

/// A wall clock that ran ahead and was stepped back: nothing issued meanwhile outlives its lifetime, and the
/// audit listing keeps each chain in its own order.
final class ClockStepTests: XCTestCase {
    let day: Int64 = 86_400_000
    let minute: Int64 = 60_000

    /// The vault's clock, set by the test.
    private final class Clock: Sendable {
        private let now: Mutex<Int64>
        init(_ start: Int64) { now = Mutex(start) }
        func set(_ value: Int64) { now.withLock { $0 = value } }
        func read() -> Int64 { now.withLock { $0 } }
    }

    private func makeFixture(_ clock: Clock, regions: [Region] = [.eu]) throws -> APIFixture {
        try APIFixture(regions: regions) { vault, _ in vault.clock = { clock.read() } }
    }

    func testTokensIssuedWhileTheClockRanAheadAreExpiredOnceItStepsBack() throws {
        let now = WallClock.milliseconds()
        let clock = Clock(now + day)
        let fixture = try makeFixture(clock)
        let ahead = try fixture.tokenize(["v": "from the future"]).tokens["v"]!
        clock.set(now + 4 * minute)
        let slightlyAhead = try fixture.tokenize(["v": "a few minutes ahead"]).tokens["v"]!

        clock.set(now)
        let read = try fixture.detokenize(["ahead": ahead, "near": slightlyAhead])
        XCTAssertEqual(read.errors, ["ahead": "token_not_found_error"], "issued a day ahead: expired, like any expired token")
        XCTAssertEqual(read.data["near"] as? String, "a few minutes ahead", "within the 5-minute tolerance")

        // Its 30 days still count from its issue time: from 5 minutes before it on, and never after them.
        clock.set(now + day - 4 * minute)
        XCTAssertEqual(try fixture.detokenize(["v": ahead]).data["v"] as? String, "from the future")
        clock.set(now + day + 30 * day)
        XCTAssertEqual(try fixture.detokenize(["v": ahead]).errors, ["v": "token_not_found_error"])
    }

    func testDataEntriesWithATimeToLiveMadeWhileTheClockRanAheadAreExpired() throws {
        let now = WallClock.milliseconds()
        let clock = Clock(now + 10 * day)
        let fixture = try makeFixture(clock)
        let body: [String: Any] = ["content_type": "text/plain", "content": "aGk="]
        let expiring = try fixture.post("/v1/d/pii/data", fixture.json(body.merging(["ttl": 30]) { $1 })).json["id"] as! String
        let kept = try fixture.post("/v1/d/pii/data", fixture.json(body)).json["id"] as! String
        let profile = try fixture.newProfile("ahead@example.org")["id"] as! String

        clock.set(now)
        XCTAssertEqual(try fixture.get("/v1/d/pii/data/\(expiring)").status, 404)
        XCTAssertEqual(try fixture.detokenize(["d": expiring]).errors, ["d": "token_not_found_error"])
        XCTAssertEqual(try fixture.send("DELETE", "/v1/d/pii/data/\(expiring)").status, 404)
        XCTAssertEqual(try fixture.get("/v1/d/pii/data/\(kept)").status, 200, "no time to live: kept until deleted")
        XCTAssertEqual(try fixture.get("\(APIFixture.profiles)/\(profile)").status, 200, "profiles do not expire")
    }

    func testTheAuditListingKeepsEachChainInSequenceWhenTheClockStepsBack() throws {
        let now = WallClock.milliseconds()
        let clock = Clock(now + day)
        let fixture = try makeFixture(clock, regions: [Region.eu, .us])
        _ = try fixture.tokenize(["v": 1], region: "EU", extra: ["X-Request-Id": "eu-first"])
        _ = try fixture.tokenize(["v": 1], region: "US", extra: ["X-Request-Id": "us-first"])
        clock.set(now + minute)
        _ = try fixture.tokenize(["v": 2], region: "EU", extra: ["X-Request-Id": "eu-second"])
        clock.set(now + 90_000)
        _ = try fixture.tokenize(["v": 2], region: "US", extra: ["X-Request-Id": "us-second"])
        clock.set(now + 2 * minute)
        _ = try fixture.tokenize(["v": 3], region: "EU", extra: ["X-Request-Id": "eu-third"])

        let records = try fixture.get("/v1/d/pii/audit?count=500").json["records"] as? [[String: Any]] ?? []
        for chain in ["EU", "US"] {
            let seqs = records.filter { $0["chain"] as? String == chain }.compactMap { $0["seq"] as? Int }
            XCTAssertEqual(seqs, seqs.sorted(by: >), "\(chain) newest first by seq")
        }
        // Chains merge by the time of each one's next record: US's first (a day "ahead") comes out as soon
        // as it is US's next, before EU's second, but never before US's second.
        let order = ["eu-third", "us-second", "us-first", "eu-second", "eu-first"]
        XCTAssertEqual(records.compactMap { $0["request_id"] as? String }.filter { $0 != "cli" }, order)
        XCTAssertEqual(records.last?["operation"] as? String, "tenant.create", "the control chain's, older than all")
        // Pages are slices of the same order.
        let page = try fixture.get("/v1/d/pii/audit?offset=1&count=2").json["records"] as? [[String: Any]] ?? []
        XCTAssertEqual(page.compactMap { $0["request_id"] as? String }, Array(order[1...2]))
    }
}
