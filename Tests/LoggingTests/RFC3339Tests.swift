import XCTest
@testable import Logging

final class RFC3339Tests: XCTestCase {
    func testParsesTheFormsRFC3339Allows() {
        // 2019-08-24T14:15:22Z is 1566656122 seconds after the epoch.
        XCTAssertEqual(RFC3339.parseMilliseconds("2019-08-24T14:15:22Z"), 1_566_656_122_000)
        XCTAssertEqual(RFC3339.parseMilliseconds("2019-08-24T14:15:22.5Z"), 1_566_656_122_500)
        XCTAssertEqual(RFC3339.parseMilliseconds("2019-08-24T14:15:22.123Z"), 1_566_656_122_123)
        XCTAssertEqual(RFC3339.parseMilliseconds("2019-08-24T14:15:22.123000Z"), 1_566_656_122_123)
        XCTAssertEqual(RFC3339.parseMilliseconds("2019-08-24t14:15:22z"), 1_566_656_122_000)
        XCTAssertEqual(RFC3339.parseMilliseconds("2019-08-24T16:15:22+02:00"), 1_566_656_122_000)
        XCTAssertEqual(RFC3339.parseMilliseconds("2019-08-24T09:45:22-04:30"), 1_566_656_122_000)
        XCTAssertEqual(RFC3339.parseMilliseconds("2024-02-29T00:00:00Z"), 1_709_164_800_000)
    }

    func testRejectsEverythingElse() {
        for text in ["", "2019-08-24", "2019-08-24T14:15:22", "2019-08-24 14:15:22Z", "2019-13-01T00:00:00Z",
                     "2019-02-29T00:00:00Z", "2019-08-24T24:00:00Z", "2019-08-24T14:15:22.Z",
                     "2019-08-24T14:15:22+0200", "2019-08-24T14:15:22Zjunk", "x019-08-24T14:15:22Z"] {
            XCTAssertNil(RFC3339.parseMilliseconds(text), text)
        }
    }

    /// RFC 3339 allows any number of fraction digits; stored times have milliseconds, so a finer time denotes
    /// the millisecond it falls in (truncated, never rounded up into the next one).
    func testFinerFractionsDenoteTheMillisecondTheyFallIn() {
        XCTAssertEqual(RFC3339.parseMilliseconds("2026-11-23T11:32:51.471123Z"), RFC3339.parseMilliseconds("2026-11-23T11:32:51.471Z"))
        XCTAssertEqual(RFC3339.parseMilliseconds("2019-08-24T14:15:22.1234Z"), 1_566_656_122_123)
        XCTAssertEqual(RFC3339.parseMilliseconds("2019-08-24T14:15:22.9999999999999999999Z"), 1_566_656_122_999)
        XCTAssertEqual(RFC3339.parseMilliseconds("2019-08-24T16:15:22.123456+02:00"), 1_566_656_122_123)
        XCTAssertEqual(RFC3339.parseMilliseconds("2019-08-24T09:45:22.000001-04:30"), 1_566_656_122_000)
        XCTAssertEqual(RFC3339.parseMilliseconds("1969-12-31T23:59:59.9999Z"), -1, "the earlier millisecond before 1970 too")
        XCTAssertNil(RFC3339.parseMilliseconds("2019-08-24T14:15:22.1234x5Z"))
    }

    func testFormatAndParseRoundTrip() {
        for milliseconds: Int64 in [0, 1_566_656_122_000, 1_795_000_000_123, 4_102_444_799_999] {
            XCTAssertEqual(RFC3339.parseMilliseconds(RFC3339.format(milliseconds: milliseconds)), milliseconds)
        }
        XCTAssertEqual(RFC3339.format(milliseconds: 1_566_656_122_007), "2019-08-24T14:15:22.007Z")
    }
}
