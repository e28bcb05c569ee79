import Foundation
import HTTPTestSupport
import XCTest

/// What an outside tester broke: a backup that left a region out without a word (its store elsewhere), a wrong
/// keyring reported as tampering, and a failed backup that blocked its own retry.
extension ProcessTests {
    func testBackupRefusesAMissingStoreAndAWrongKeyringAndLeavesNothingBehind() throws {
        let headers = try prepare()
        let dirs = ["--data-dir", root + "/data", "--keys-dir", root + "/keys"]
        let (server, port, _) = try serve(["--log-level", "warning"])
        XCTAssertEqual(try httpRequest(port: port, path: "/v1/d/pii/tokenize", headers: headers, body: #"{"data":{"v":"x"}}"#).status, 200)
        server.terminate()
        server.waitUntilExit()

        // Another vault's keys: named as such before anything is copied, and the target stays empty for the retry.
        XCTAssertEqual(try run(["keys", "init", "--keys-dir", root + "/other-keys"]).status, 0)
        let wrongKeys = try run(["backup", "--to", root + "/b1", "--data-dir", root + "/data", "--keys-dir", root + "/other-keys"])
        XCTAssertEqual(wrongKeys.status, 1, wrongKeys.output)
        XCTAssertTrue(wrongKeys.output.contains("does not match"), wrongKeys.output)
        XCTAssertEqual(try run(["backup", "--to", root + "/b1"] + dirs).status, 0, "the retry into the same directory")
        // Restoring with no keys at hand: the advice is to find the vault's keys, never to make new ones.
        let keyless = try run(["restore", "--from", root + "/b1", "--data-dir", root + "/r1", "--keys-dir", root + "/no-keys"])
        XCTAssertEqual(keyless.status, 1, keyless.output)
        XCTAssertTrue(keyless.output.contains("give --keys-dir the keys this vault was made with"), keyless.output)
        XCTAssertFalse(keyless.output.contains("keys init"), keyless.output)

        // The EU store moved elsewhere (as on a node run without --store): its anchored chain says it is missing.
        try FileManager.default.moveItem(atPath: root + "/data/vault-eu.sqlite", toPath: root + "/vault-eu.sqlite")
        let missing = try run(["backup", "--to", root + "/b2"] + dirs)
        XCTAssertEqual(missing.status, 1, missing.output)
        XCTAssertTrue(missing.output.contains("the EU audit chain is anchored in"), missing.output)
        XCTAssertTrue(missing.output.contains("give --store"), missing.output)
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: root + "/b2")) ?? [], [])
    }
}
