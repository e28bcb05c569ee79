import Foundation
import StoreTestSupport
import XCTest
@testable import Vault

/// Data keys roll by age, and the sweeper deletes those nothing is sealed under any more, two token
/// lifetimes after they were made; a key a data entry kept without expiry still needs stays.
extension SweeperTests {
    func testDataKeysRollByAgeAndUnusedOnesAreDeleted() throws {
        let clock = Clock(start)
        let fixture = try makeFixture(clock, dataKeyMaxAge: 10 * day)
        let database = try fixture.openRegionDatabase(Region.eu)
        func keys() throws -> Int64 { try database.scalarInt("SELECT count(*) FROM data_keys") }

        // Key A: tokens only. Key B (day 11, A is 10 days old): tokens and a data entry kept without expiry.
        // Key C (day 25): tokens only.
        XCTAssertEqual(try fixture.tokenize(["a": "a@example.org"]).tokens.count, 1)
        XCTAssertEqual(try fixture.tokenize(["a2": "a2@example.org"]).tokens.count, 1)
        XCTAssertEqual(try keys(), 1, "one key while it is young")
        clock.set(start + 11 * day)
        let kept = try fixture.post("/v1/d/pii/data", fixture.json(["content_type": "text/plain", "content": "S0VQVA=="]))
        XCTAssertEqual(kept.status, 201, kept.text)
        XCTAssertEqual(try keys(), 2, "the 10-day-old key stopped sealing")
        clock.set(start + 25 * day)
        XCTAssertEqual(try fixture.tokenize(["c": "c@example.org"]).tokens.count, 1)
        XCTAssertEqual(try keys(), 3)

        // Day 61: only A is two lifetimes old; its tokens (and C's) expired and go first, then A itself.
        let planned = try sweep(try sweeper(fixture, at: start + 61 * day, dryRun: true))
        XCTAssertEqual(planned.deletedDataKeys, 1, "a dry run counts it without the expired tokens")
        XCTAssertEqual(try keys(), 3)
        let first = try sweep(try sweeper(fixture, at: start + 61 * day))
        XCTAssertEqual([first.expiredTokens, first.deletedDataKeys], [3, 1])
        XCTAssertEqual(try keys(), 2)

        // Day 72: B is old too, but the data entry still needs it; C is not old enough yet.
        let second = try sweep(try sweeper(fixture, at: start + 72 * day))
        XCTAssertEqual(second.deletedDataKeys, 0)
        XCTAssertEqual(try keys(), 2)
        clock.set(start + 72 * day)
        XCTAssertEqual(try fixture.get("/v1/d/pii/data/\(kept.json["id"] as! String)").status, 200)
    }
}
