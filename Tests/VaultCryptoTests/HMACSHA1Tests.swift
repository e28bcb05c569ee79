import XCTest
@testable import VaultCrypto

final class HMACSHA1Tests: XCTestCase {
    private func mac(_ key: [UInt8], _ message: [UInt8]) throws -> String {
        hexString(try HMACSHA1.authenticate(message, key: SecureBytes(copying: key)))
    }

    /// RFC 2202, section 3: test cases 1 to 7 for HMAC-SHA-1.
    func testRFC2202Vectors() throws {
        XCTAssertEqual(try mac(Array(repeating: 0x0b, count: 20), Array("Hi There".utf8)),
                       "b617318655057264e28bc0b6fb378c8ef146be00")
        XCTAssertEqual(try mac(Array("Jefe".utf8), Array("what do ya want for nothing?".utf8)),
                       "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
        XCTAssertEqual(try mac(Array(repeating: 0xaa, count: 20), Array(repeating: 0xdd, count: 50)),
                       "125d7342b9ac11cd91a39af48aa17b4f63f175d3")
        XCTAssertEqual(try mac(Array(1...25), Array(repeating: 0xcd, count: 50)),
                       "4c9007f4026250c6bc8414f9bf50c86c2d7235da")
        XCTAssertEqual(try mac(Array(repeating: 0x0c, count: 20), Array("Test With Truncation".utf8)),
                       "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04")
        XCTAssertEqual(try mac(Array(repeating: 0xaa, count: 80), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)),
                       "aa4ae5e15272d00e95705637ce8a3b55ed402112")
        XCTAssertEqual(try mac(Array(repeating: 0xaa, count: 80),
                               Array("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data".utf8)),
                       "e8e99d0f45237d786d6bbaa7965c7808bbff1a91")
    }

    func testAnEmptyMessageHasAMACToo() throws {
        XCTAssertEqual(try mac([], []), "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d")
    }
}
