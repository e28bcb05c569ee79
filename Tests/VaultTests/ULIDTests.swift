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

    /// Decoding by arithmetic (no table): each of the 32 characters, in either case, is its own value in every
    /// position; the four letters Crockford leaves out, and anything else, are not; canonical text is upper case.
    func testEveryCharacterDecodesToItsValue() {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        for (value, character) in alphabet.enumerated() {
            let text = "0" + String(repeating: "0", count: 24) + String(character)
            XCTAssertEqual(ULID(string: text)?.low, UInt64(value), String(character))
            XCTAssertEqual(ULID(string: text.lowercased())?.low, UInt64(value), String(character).lowercased())
            XCTAssertEqual(ULID(canonical: text)?.low, UInt64(value))
            XCTAssertEqual(ULID(canonical: text)?.string, text)
        }
        for byte in UInt8(0)...UInt8(127) where !alphabet.contains(Character(Unicode.Scalar(byte)))
            && !alphabet.contains(Character(Unicode.Scalar(byte)).uppercased().first!) {
            let text = "0" + String(repeating: "0", count: 24) + String(Character(Unicode.Scalar(byte)))
            XCTAssertNil(ULID(string: text), "byte \(byte)")
        }
        XCTAssertNil(ULID(canonical: "01arz3ndektsv4rrffq69g5fav"), "canonical text is upper case")
        XCTAssertNotNil(ULID(canonical: "7ZZZZZZZZZZZZZZZZZZZZZZZZZ"))
        XCTAssertNil(ULID(canonical: "8ZZZZZZZZZZZZZZZZZZZZZZZZZ"), "over 128 bits")
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
        // In place, from any alignment: the same value as from a copy.
        let shifted = [0x55] + a.bytes
        shifted.withUnsafeBytes { XCTAssertEqual(ULID(raw: UnsafeRawBufferPointer(rebasing: $0[1...])), a) }
        [UInt8](repeating: 0, count: 15).withUnsafeBytes { XCTAssertNil(ULID(raw: $0)) }
    }
}
