import XCTest
@testable import Vault

/// The rules of github.com/ulid/spec: Crockford base32, 26 characters, 48-bit time first, and no value
/// above 7ZZZZZZZZZZZZZZZZZZZZZZZZZ.
final class ULIDTests: XCTestCase {
    func ulid(_ timestamp: UInt64, _ random: [UInt8]) -> ULID {
        random.withUnsafeBytes { ULID(timestamp: timestamp, randomness: $0) }
    }

    func testSpecTimestampEncoding() {
        // The spec's example: time 1469918176385 encodes as 01ARYZ6S41.
        let id = ulid(1_469_918_176_385, [UInt8](repeating: 0, count: 10))
        XCTAssertEqual(id.string, "01ARYZ6S410000000000000000")
        XCTAssertEqual(id.timestamp, 1_469_918_176_385)
    }

    func testMaximumAndOverflow() {
        let max = ULID(string: "7ZZZZZZZZZZZZZZZZZZZZZZZZZ")
        XCTAssertEqual(max?.high, .max)
        XCTAssertEqual(max?.low, .max)
        XCTAssertEqual(max?.timestamp, ULID.maxTimestamp)
        XCTAssertNil(ULID(string: "80000000000000000000000000"), "over 128 bits must be rejected")
        XCTAssertNil(ULID(string: "ZZZZZZZZZZZZZZZZZZZZZZZZZZ"))
    }

    func testDecodingRules() {
        let canonical = "01ARZ3NDEKTSV4RRFFQ69G5FAV"
        let id = ULID(string: canonical)
        XCTAssertEqual(id?.string, canonical)
        XCTAssertEqual(ULID(string: canonical.lowercased()), id, "the spec decodes either case")
        XCTAssertNil(ULID(string: String(canonical.dropLast())))
        XCTAssertNil(ULID(string: canonical + "0"))
        for excluded in ["I", "L", "O", "U", "-", " "] {
            XCTAssertNil(ULID(string: excluded + canonical.dropFirst()), excluded)
        }
    }

    func testBytesRoundTripAndSortInTimeOrder() {
        var random = [UInt8](repeating: 0xAB, count: 10)
        let a = ulid(1_000, random)
        random[0] = 0
        let b = ulid(1_001, random)
        XCTAssertLessThan(a, b)
        XCTAssertTrue(a.bytes.lexicographicallyPrecedes(b.bytes))
        XCTAssertEqual(ULID(bytes: a.bytes), a)
        XCTAssertEqual(ULID(string: a.string), a)
        XCTAssertNil(ULID(bytes: [1, 2, 3]))
    }
}
