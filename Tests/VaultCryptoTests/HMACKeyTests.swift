import XCTest
@testable import VaultCrypto

final class HMACKeyTests: XCTestCase {
    /// Expected values from Python's `hmac` module with key bytes 0x00...0x1f.
    func testMatchesReferenceHMACSHA256() throws {
        let key = try SymmetricKey(copying: Array(0..<32))
        let mac = try HMACKey(key)
        XCTAssertEqual(hexString(try mac.authenticate(Array("The quick brown fox jumps over the lazy dog".utf8))),
                       "f87ad256151fc7b4c5dffa4adb3ebe911a8eeb8a8ebdee3c2a4a8e5f5ec02c32")
        XCTAssertEqual(hexString(try mac.authenticate([])),
                       "d38b42096d80f45f826b44a9d5607de72496a415d3f4a1a8c88e3bb9da8dc1cb")
        // Parts are concatenated; the one-shot path agrees.
        XCTAssertEqual(try mac.authenticate(Array("The quick ".utf8), Array("brown fox jumps over the lazy dog".utf8)),
                       try HMACSHA256.authenticate(Array("The quick brown fox jumps over the lazy dog".utf8), using: key))
    }

    func testConstantTimeEquals() {
        XCTAssertTrue(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        XCTAssertFalse(ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        XCTAssertFalse(ConstantTime.equals([1, 2, 3], [1, 2]))
        XCTAssertTrue(ConstantTime.equals([], []))
    }
}

final class SHA256Tests: XCTestCase {
    /// FIPS 180-4 example values.
    func testKnownDigests() {
        XCTAssertEqual(hexString(SHA256.hash([])), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(hexString(SHA256.hash(Array("abc".utf8))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
