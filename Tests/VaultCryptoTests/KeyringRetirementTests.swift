import Foundation
import XCTest
@testable import VaultCrypto

/// Retiring a key removes its secret and nothing else: the keys derived once for the whole keyring (audit
/// chain, blind index, ids, check value) stay, including when the retired key is the first one they came from.
final class KeyringRetirementTests: XCTestCase {
    func testRetiringTheFirstKeyKeepsDerivedKeysAndLosesWhatItWrapped() throws {
        let first = try Keyring.generate(region: "EU", now: 1)
        let old = try first.wrap(Array("data key".utf8), authenticating: [9])
        let rotated = try first.rotated(now: 2)
        let rewrapped = try XCTUnwrap(try rotated.rewrap(old, authenticating: [9]))
        XCTAssertEqual(try VersionedCiphertext.keyID(of: rewrapped), rotated.primaryID)
        XCTAssertNil(try rotated.rewrap(rewrapped, authenticating: [9]), "already under the primary")
        XCTAssertThrowsError(try rotated.rewrap(old, authenticating: [8]), "the associated data still binds it")

        let retired = try rotated.retiring(first.primaryID, now: 3)
        XCTAssertEqual(retired.keyIDs, [rotated.primaryID])
        XCTAssertEqual(retired.retired, [Keyring.RetiredKey(id: first.primaryID, createdAt: 1, retiredAt: 3)])
        XCTAssertThrowsError(try retired.unwrap(old, authenticating: [9])) { error in
            XCTAssertEqual(error as? CryptoError, .retiredKey(id: first.primaryID))
        }
        XCTAssertEqual(try retired.unwrap(rewrapped, authenticating: [9]), Array("data key".utf8))
        let message = Array("chain".utf8)
        XCTAssertEqual(try retired.chainKey.authenticate(message), try first.chainKey.authenticate(message))
        XCTAssertEqual(try retired.indexKey.authenticate(message), try first.indexKey.authenticate(message))
        XCTAssertEqual(try retired.identityKey.authenticate(message), try first.identityKey.authenticate(message))
        XCTAssertEqual(try retired.checkValue(for: "EU"), try first.checkValue(for: "EU"))
        XCTAssertTrue(try retired.isSameKeyring(as: first))
        XCTAssertFalse(try retired.isSameKeyring(as: try Keyring.generate(region: "EU", now: 1)))
    }

    func testThePrimaryUnknownAndRetiredKeysAreRefused() throws {
        let ring = try Keyring.generate(region: "US", now: 1).rotated(now: 2)
        XCTAssertThrowsError(try ring.retiring(ring.primaryID, now: 3)) { error in
            XCTAssertTrue("\(error)".contains("primary"), "\(error)")
        }
        XCTAssertThrowsError(try ring.retiring(0xdead_beef, now: 3)) { error in
            XCTAssertTrue("\(error)".contains("no key deadbeef"), "\(error)")
        }
        let old = try XCTUnwrap(ring.keyIDs.first { $0 != ring.primaryID })
        let retired = try ring.retiring(old, now: 3)
        XCTAssertThrowsError(try retired.retiring(old, now: 4)) { error in
            XCTAssertTrue("\(error)".contains("retired already"), "\(error)")
        }
        // A retired id is never drawn again: a ciphertext naming it must keep meaning "retired".
        var next = retired
        for second in 5..<40 { next = try next.rotated(now: Int64(second)) }
        XCTAssertFalse(next.keyIDs.contains(old))
    }

    func testASymlinkedKeyringIsReplacedWhereItPointsAndConcurrentChangesKeepEveryKey() throws {
        let directory = NSTemporaryDirectory() + "retire-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/keys", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/secret", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try Keyring.generate(region: "EU", now: 1)
        try KeyringFile.write(first, keysDirectory: directory + "/secret", replacing: false)
        try FileManager.default.createSymbolicLink(atPath: directory + "/keys/EU.keyring", withDestinationPath: directory + "/secret/EU.keyring")
        try KeyringFile.modify(keysDirectory: directory + "/keys", region: "EU") { try $0.rotated(now: 2) }
        try KeyringFile.modify(keysDirectory: directory + "/keys", region: "EU") { try $0.retiring(first.primaryID, now: 3) }
        let type = try FileManager.default.attributesOfItem(atPath: directory + "/keys/EU.keyring")[.type] as? FileAttributeType
        XCTAssertEqual(type, .typeSymbolicLink, "the link stays a link")
        let behind = try String(contentsOfFile: directory + "/secret/EU.keyring", encoding: .utf8)
        XCTAssertFalse(behind.contains("key \(Hex.encode(first.primaryID))"), "no copy of the retired secret stays behind the link")
        XCTAssertTrue(behind.contains("retired \(Hex.encode(first.primaryID))"))

        // Rotations from many threads at once: each one's key is in the file afterwards.
        final class Primaries: @unchecked Sendable {
            let lock = NSLock()
            var ids: [UInt32] = []
        }
        let primaries = Primaries()
        DispatchQueue.concurrentPerform(iterations: 12) { _ in
            if let ring = try? KeyringFile.modify(keysDirectory: directory + "/keys", region: "EU", { try $0.rotated(now: 4) }) {
                primaries.lock.withLock { primaries.ids.append(ring.primaryID) }
            }
        }
        XCTAssertEqual(primaries.ids.count, 12)
        let final = try KeyringFile.load(keysDirectory: directory + "/keys", region: "EU")
        XCTAssertTrue(Set(primaries.ids).isSubset(of: Set(final.keyIDs)), "a concurrent rotation lost a key")
    }

    func testFileRoundTripKeepsRetiredKeysAndDerivationAsVersion2() throws {
        let directory = NSTemporaryDirectory() + "retire-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try Keyring.generate(region: "EU", now: 10)
        let rotated = try first.rotated(now: 20)
        try KeyringFile.write(rotated, keysDirectory: directory, replacing: false)
        let path = KeyringFile.path(keysDirectory: directory, region: "EU")
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("piivault-keyring 1\n"),
                      "nothing retired: still readable by older binaries")

        try KeyringFile.write(try rotated.retiring(first.primaryID, now: 30), keysDirectory: directory, replacing: true)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("piivault-keyring 2\n"), text)
        XCTAssertTrue(text.contains("retired \(Hex.encode(first.primaryID)) 10 30\n"))
        XCTAssertFalse(text.contains("key \(Hex.encode(first.primaryID))"), "the retired key's secret is gone")
        let rootHex = first.primary.root.withUnsafeBytes { Hex.encode(Array($0)) }
        XCTAssertFalse(text.contains(rootHex))
        let loaded = try KeyringFile.load(keysDirectory: directory, region: "EU")
        XCTAssertEqual(loaded.retired, [Keyring.RetiredKey(id: first.primaryID, createdAt: 10, retiredAt: 30)])
        XCTAssertEqual(loaded.keyIDs, [rotated.primaryID])
        XCTAssertEqual(try loaded.checkValue(for: "EU"), try first.checkValue(for: "EU"))
        XCTAssertEqual(try loaded.chainKey.authenticate([1]), try first.chainKey.authenticate([1]))

        // Without its derived keys, a keyring whose first key is retired cannot be read as another keyring.
        let cut = text.split(separator: "\n").filter { !$0.hasPrefix("derived") }.joined(separator: "\n") + "\n"
        try cut.write(toFile: path, atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try KeyringFile.load(keysDirectory: directory, region: "EU")) { error in
            XCTAssertTrue("\(error)".contains("lacks the keys derived"), "\(error)")
        }
    }
}
