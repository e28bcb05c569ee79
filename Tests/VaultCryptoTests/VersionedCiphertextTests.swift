import XCTest
@testable import VaultCrypto

final class VersionedCiphertextTests: XCTestCase {
    func testHeaderNamesVersionAndKeyAndIsAuthenticated() throws {
        let key = try SymmetricKey.random()
        let sealed = try VersionedCiphertext.seal(Array("v".utf8), keyID: 0xA1B2C3D4, key: key, authenticating: [9])
        XCTAssertEqual(Array(sealed.prefix(5)), [1, 0xA1, 0xB2, 0xC3, 0xD4])
        XCTAssertEqual(try VersionedCiphertext.keyID(of: sealed), 0xA1B2C3D4)
        XCTAssertEqual(sealed.count, VersionedCiphertext.overhead + 1)
        XCTAssertEqual(try VersionedCiphertext.open(sealed, key: key, authenticating: [9]), Array("v".utf8))

        var otherKeyID = sealed
        otherKeyID[4] ^= 1
        XCTAssertThrowsError(try VersionedCiphertext.open(otherKeyID, key: key, authenticating: [9]))
        var otherVersion = sealed
        otherVersion[0] = 2
        XCTAssertThrowsError(try VersionedCiphertext.keyID(of: otherVersion)) { error in
            XCTAssertEqual(error as? CryptoError, .malformedCiphertext)
        }
        XCTAssertThrowsError(try VersionedCiphertext.keyID(of: [1, 2, 3]))
    }
}
