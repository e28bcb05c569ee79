import XCTest
@testable import VaultCrypto

final class KeyringTests: XCTestCase {
    func testRotationKeepsOldCiphertextsOpen() throws {
        let first = try Keyring.generate(region: "EU", now: 1)
        let old = try first.wrap(Array("data key".utf8), authenticating: [1])
        let second = try first.rotated(now: 2)
        XCTAssertNotEqual(second.primaryID, first.primaryID)
        XCTAssertEqual(second.keyIDs.count, 2)
        let new = try second.wrap(Array("data key 2".utf8), authenticating: [1])
        XCTAssertEqual(try VersionedCiphertext.keyID(of: new), second.primaryID)
        XCTAssertEqual(try second.unwrap(old, authenticating: [1]), Array("data key".utf8))
        XCTAssertEqual(try second.unwrap(new, authenticating: [1]), Array("data key 2".utf8))
        // The old keyring cannot open what the new primary wrapped.
        XCTAssertThrowsError(try first.unwrap(new, authenticating: [1])) { error in
            XCTAssertEqual(error as? CryptoError, .unknownKey(id: second.primaryID))
        }
    }

    func testSubkeysArePurposeBound() throws {
        let ring = try Keyring.generate(region: "US", now: 1)
        let kek = ring.primary.keyEncryptionKey.withUnsafeBytes { Array($0) }
        let root = ring.primary.root.withUnsafeBytes { Array($0) }
        XCTAssertNotEqual(kek, root)
        let expected = try HMACSHA256.authenticate(Array("piivault/v1/kek".utf8) + [1], using: ring.primary.root)
        XCTAssertEqual(kek, expected, "HKDF-Expand, one block, label piivault/v1/kek")
    }

    func testWrongAssociatedDataFails() throws {
        let ring = try Keyring.generate(region: "EU", now: 1)
        let wrapped = try ring.wrap([7, 7, 7], authenticating: Array("tenant-a".utf8))
        XCTAssertThrowsError(try ring.unwrap(wrapped, authenticating: Array("tenant-b".utf8)))
    }

    func testRotatingWithinTheSameSecondKeepsTheDerivedKeys() throws {
        // The first key is found again by being the oldest: a rotation in its second must not tie with it.
        for _ in 0..<50 {
            let first = try Keyring.generate(region: "EU", now: 100)
            let rotated = try first.rotated(now: 100).rotated(now: 100)
            let reloaded = try KeyringFile.parse(KeyringFile.serialize(rotated), region: "EU", path: "test")
            XCTAssertEqual(try reloaded.checkValue(for: "EU"), try first.checkValue(for: "EU"))
            XCTAssertEqual(rotated.keyIDs.map { try! rotated.entry(id: $0).createdAt }.sorted(), [100, 101, 102])
        }
    }
}
