import Foundation
import XCTest
@testable import VaultCrypto

final class KeyringFileTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "keyring-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func testWriteLoadRoundTripWithMode0600() throws {
        let ring = try Keyring.generate(region: "EU", now: 1_700_000_000).rotated(now: 1_700_000_100)
        XCTAssertTrue(try KeyringFile.write(ring, keysDirectory: directory, replacing: false))
        let path = KeyringFile.path(keysDirectory: directory, region: "EU")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        let loaded = try KeyringFile.load(keysDirectory: directory, region: "EU")
        XCTAssertEqual(loaded.primaryID, ring.primaryID)
        XCTAssertEqual(loaded.keyIDs, ring.keyIDs)
        let wrapped = try ring.wrap([1, 2, 3], authenticating: [])
        XCTAssertEqual(try loaded.unwrap(wrapped, authenticating: []), [1, 2, 3])
    }

    func testNeverOverwritesWithoutReplacing() throws {
        let first = try Keyring.generate(region: "US", now: 1)
        XCTAssertTrue(try KeyringFile.write(first, keysDirectory: directory, replacing: false))
        XCTAssertFalse(try KeyringFile.write(try Keyring.generate(region: "US", now: 2), keysDirectory: directory,
                                             replacing: false))
        XCTAssertEqual(try KeyringFile.load(keysDirectory: directory, region: "US").primaryID, first.primaryID)
    }

    func testRefusesGroupReadableMissingMalformedAndWrongRegion() throws {
        let ring = try Keyring.generate(region: "EU", now: 1)
        try KeyringFile.write(ring, keysDirectory: directory, replacing: false)
        let path = KeyringFile.path(keysDirectory: directory, region: "EU")
        chmod(path, 0o640)
        XCTAssertThrowsError(try KeyringFile.load(keysDirectory: directory, region: "EU")) { error in
            XCTAssertTrue(String(describing: error).contains("readable by group or others"))
        }
        XCTAssertThrowsError(try KeyringFile.load(keysDirectory: directory, region: "US")) { error in
            XCTAssertTrue(String(describing: error).contains("missing"))
        }
        try "piivault-keyring 1\nregion EU\nprimary 1\nkey 1 1 abcd\n".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o600)
        XCTAssertThrowsError(try KeyringFile.load(keysDirectory: directory, region: "EU"))
        // An EU keyring renamed to US is refused.
        try KeyringFile.write(ring, keysDirectory: directory, replacing: true)
        try FileManager.default.moveItem(atPath: path, toPath: KeyringFile.path(keysDirectory: directory, region: "US"))
        XCTAssertThrowsError(try KeyringFile.load(keysDirectory: directory, region: "US"))
    }

    func testErrorsNeverCarryKeyMaterial() throws {
        let ring = try Keyring.generate(region: "EU", now: 1)
        try KeyringFile.write(ring, keysDirectory: directory, replacing: false)
        let path = KeyringFile.path(keysDirectory: directory, region: "EU")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let secret = String(text.split(separator: "\n").last!.split(separator: " ").last!)
        try (text + "bogus line\n").write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o600)
        XCTAssertThrowsError(try KeyringFile.load(keysDirectory: directory, region: "EU")) { error in
            XCTAssertFalse(String(describing: error).contains(secret))
        }
    }
}
