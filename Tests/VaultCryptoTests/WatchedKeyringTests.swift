import Foundation
import XCTest
@testable import VaultCrypto

/// A running server's keyring follows its file: a rotation done by another process is used at once for a
/// ciphertext naming the new key, and for new wraps within a second; another keyring put in its place is not.
final class WatchedKeyringTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "watched-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func testFollowsRotationAndRetirementOfItsFile() throws {
        let first = try Keyring.generate(region: "EU", now: 1)
        try KeyringFile.write(first, keysDirectory: directory, replacing: false)
        let watched = WatchedKeyring(first, keysDirectory: directory)
        let old = try watched.wrap([1], authenticating: [])
        let rotated = try first.rotated(now: 2)
        try KeyringFile.write(rotated, keysDirectory: directory, replacing: true)
        // Another process wraps under the new primary: the ciphertext's unknown key makes it reread at once.
        XCTAssertEqual(try watched.unwrap(try rotated.wrap([2], authenticating: []), authenticating: []), [2])
        XCTAssertEqual(try VersionedCiphertext.keyID(of: try watched.wrap([3], authenticating: [])), rotated.primaryID)

        try KeyringFile.write(try rotated.retiring(first.primaryID, now: 3), keysDirectory: directory, replacing: true)
        Thread.sleep(forTimeInterval: 1.1)
        XCTAssertThrowsError(try watched.unwrap(old, authenticating: [])) { error in
            XCTAssertEqual(error as? CryptoError, .retiredKey(id: first.primaryID), "the secret left memory too")
        }
        XCTAssertNil(watched.problem)
    }

    func testIgnoresAnotherKeyringOrABrokenFile() throws {
        let first = try Keyring.generate(region: "EU", now: 1)
        try KeyringFile.write(first, keysDirectory: directory, replacing: false)
        let heard = Heard()
        let watched = WatchedKeyring(first, keysDirectory: directory) { heard.add($0) }
        try KeyringFile.write(try Keyring.generate(region: "EU", now: 5), keysDirectory: directory, replacing: true)
        Thread.sleep(forTimeInterval: 1.1)
        XCTAssertEqual(watched.current.primaryID, first.primaryID)
        XCTAssertTrue(watched.problem?.contains("another keyring") ?? false, watched.problem ?? "no problem")
        let path = KeyringFile.path(keysDirectory: directory, region: "EU")
        try "piivault-keyring 1\nregion EU\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        Thread.sleep(forTimeInterval: 1.1)
        XCTAssertEqual(try watched.unwrap(try first.wrap([7], authenticating: []), authenticating: []), [7])
        XCTAssertTrue(watched.problem?.contains("malformed") ?? false, watched.problem ?? "no problem")
        Thread.sleep(forTimeInterval: 1.1)
        _ = watched.current  // the same problem again: not reported twice
        try KeyringFile.write(try first.rotated(now: 6), keysDirectory: directory, replacing: true)
        Thread.sleep(forTimeInterval: 1.1)
        _ = watched.current
        XCTAssertEqual(heard.all, ["problem: another keyring", "problem: malformed", "taken: 2 keys"])
    }

    private final class Heard: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        var all: [String] { lock.withLock { items } }

        func add(_ change: Result<Keyring, CryptoError>) {
            let text = switch change {
            case .success(let keyring): "taken: \(keyring.keyIDs.count) keys"
            case .failure(let error): "\(error)".contains("another keyring") ? "problem: another keyring"
                : "\(error)".contains("malformed") ? "problem: malformed" : "problem: \(error)"
            }
            lock.withLock { items.append(text) }
        }
    }
}
