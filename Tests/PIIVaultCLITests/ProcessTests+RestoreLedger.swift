import Foundation
import HTTPTestSupport
import XCTest

/// Deletions survive a restore: what was deleted after a backup was taken is deleted again in the restored
/// vault when its ledger is given, while everything else comes back; a forged ledger line deletes nothing.
extension ProcessTests {
    func testDeletionsMadeAfterTheBackupStayDeletedWhenTheLedgerIsGiven() throws {
        XCTAssertEqual(try run(["keys", "init", "--keys-dir", root + "/keys"]).status, 0)
        let admin = ["--data-dir", root + "/data", "--keys-dir", root + "/keys"]
        XCTAssertEqual(try run(["tenant", "create", "acme"] + admin).status, 0)
        let created = try run(["apikey", "create", "--tenant", "acme", "--scopes", "profiles:read,profiles:write,data:read,data:write",
                               "--name", "ledger"] + admin)
        let secret = String(created.output.split(separator: "\n").last ?? "")
        let headers = ["Tenant": "acme", "Content-Type": "application/json", "Authorization": "Bearer " + secret]
        let outside = root + "/outside/deletions.ledger"
        let anchors = root + "/outside/audit.anchors"
        try FileManager.default.createDirectory(atPath: root + "/outside", withIntermediateDirectories: true)
        var (server, port, _) = try serve(["--log-level", "warning", "--deletion-ledger", outside, "--audit-anchor", anchors])
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> TestResponse {
            let text = try body.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            return try httpRequest(port: port, method: method, path: "/v1/d/pii" + path, headers: headers, body: text)
        }
        func id(_ response: TestResponse) throws -> String { try XCTUnwrap(response.json["id"] as? String, response.text) }
        let address: [String: Any] = ["full_name": "Ada L", "address_line_1": "Main St 1", "zip_code": "10117", "city": "Berlin",
                                      "country_code": "DE"]
        let gone = try id(try call("POST", "/profiles", ["email": "gone@example.org", "full_name": "Gone Person"]))
        let kept = try id(try call("POST", "/profiles", ["email": "kept@example.org"]))
        let goneAddress = try id(try call("POST", "/profiles/\(kept)/addresses", address))
        let keptAddress = try id(try call("POST", "/profiles/\(kept)/addresses", address.merging(["city": "Potsdam"]) { $1 }))
        let content = ["content_type": "text/plain", "content": Data("passport".utf8).base64EncodedString()]
        let goneData = try id(try call("POST", "/data", content))
        let keptData = try id(try call("POST", "/data", content))

        XCTAssertEqual(try run(["backup", "--to", root + "/backup", "--audit-anchor", anchors] + admin).status, 0)
        XCTAssertEqual(try call("POST", "/profiles/\(gone)/delete").status, 202)
        XCTAssertEqual(try call("DELETE", "/profiles/\(kept)/addresses/\(goneAddress)").status, 204)
        XCTAssertEqual(try call("DELETE", "/data/\(goneData)").status, 204)
        server.terminate()
        server.waitUntilExit()

        // Record ids and keyed hashes only: no id (its secret half), no value.
        let ledger = try String(contentsOfFile: outside, encoding: .utf8)
        XCTAssertEqual(ledger.split(separator: "\n").count, 3, ledger)
        XCTAssertEqual(try String(contentsOfFile: root + "/data/deletions.ledger", encoding: .utf8), ledger)
        for secret in [gone, goneAddress, goneData, String(goneData.dropFirst(6)), "gone@example.org", "Gone Person", "Main St"] {
            XCTAssertFalse(ledger.contains(secret), "the ledger holds no id, secret or value")
        }
        XCTAssertTrue(ledger.contains(String(gone.split(separator: "-")[2])), "a profile is named by its record id")

        // Without the ledger, the old state comes back, and the output says why.
        let without = try run(["restore", "--from", root + "/backup", "--data-dir", root + "/old", "--keys-dir", root + "/keys"])
        XCTAssertEqual(without.status, 0, without.output)
        XCTAssertTrue(without.output.contains("no --ledger given") && without.output.contains("NOT re-applied"), without.output)

        // A forged line naming the kept profile (a tag made without the keyring) is reported, never applied.
        let forged = root + "/forged.ledger"
        let line = try XCTUnwrap(ledger.split(separator: "\n").first { $0.contains(" profile ") })
        let keptRecord = String(kept.split(separator: "-")[2])
        try (ledger + line.replacingOccurrences(of: String(gone.split(separator: "-")[2]), with: keptRecord) + "\n" + "junk\n")
            .write(toFile: forged, atomically: true, encoding: .utf8)
        let restored = try run(["restore", "--from", root + "/backup", "--data-dir", root + "/new", "--keys-dir", root + "/keys",
                                "--ledger", forged, "--audit-anchor", anchors])
        XCTAssertEqual(restored.status, 0, restored.output)
        XCTAssertTrue(restored.output.contains("3 re-applied, 0 already gone, 1 refused"), restored.output)
        XCTAssertTrue(restored.output.contains("line 4 of \(forged) does not verify under the EU keyring: not applied"), restored.output)
        XCTAssertTrue(restored.output.contains("line 5 of \(forged) is not a deletion ledger line"), restored.output)
        XCTAssertTrue(restored.output.contains("the EU chain agrees with the outside anchor file"), restored.output)
        XCTAssertTrue(restored.output.contains("serve the restored vault with a new --audit-anchor file"), restored.output)
        XCTAssertFalse(restored.output.contains(gone) || restored.output.contains(goneData), "ids are never printed")
        let tail = try run(["audit", "tail", "--data-dir", root + "/new", "--keys-dir", root + "/keys", "-n", "50"])
        XCTAssertEqual(tail.output.components(separatedBy: #""operation":"restore""#).count - 1, 3, tail.output)

        // Each restored vault, served: the deleted three are gone where the ledger was applied, the rest is there.
        for (directory, deleted) in [("/new", 404), ("/old", 200)] {
            (server, port, _) = try startServer(binary, ["serve", "--port", "0", "--log-level", "warning", "--data-dir",
                                                         root + directory, "--keys-dir", root + "/keys"])
            XCTAssertEqual(try call("GET", "/profiles/\(gone)").status, deleted, directory)
            XCTAssertEqual(try call("GET", "/profiles/\(kept)/addresses/\(goneAddress)").status, deleted, directory)
            XCTAssertEqual(try call("GET", "/data/\(goneData)").status, deleted, directory)
            XCTAssertEqual(try call("GET", "/profiles/\(kept)").status, 200, directory)
            XCTAssertEqual(try call("GET", "/profiles/\(kept)/addresses/\(keptAddress)").status, 200, directory)
            XCTAssertEqual(try call("GET", "/data/\(keptData)").status, 200, directory)
            server.terminate()
            server.waitUntilExit()
        }
        // The restored ledger records what this restore applied, so a later backup of it still knows.
        XCTAssertEqual(try String(contentsOfFile: root + "/new/deletions.ledger", encoding: .utf8), ledger)
    }
}
