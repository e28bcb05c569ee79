import Foundation
import HTTPTestSupport
import XCTest

/// Rotation that finishes, with the real binary beside a running server: rotate, a rewrap killed with
/// SIGKILL and run again (it resumes, and re-wraps each key once), retire, every value still readable
/// through the server that never restarted; and a backup taken before the rotation, restored, opens nothing
/// once the key it was wrapped under is retired.
extension ProcessTests {
    func testRotateRewrapKilledAndResumedThenRetireLeavesOldCopiesUnopenable() throws {
        let headers = try prepare()
        let admin = ["--data-dir", root + "/data", "--keys-dir", root + "/keys"]
        let created = try run(["apikey", "create", "--tenant", "acme", "--scopes", "profiles:read,profiles:write"] + admin)
        let profileHeaders = headers.merging(["Authorization": "Bearer " + String(created.output.split(separator: "\n").last ?? "")]) { $1 }
        let (server, port, _) = try serve(["--log-level", "warning"])
        defer { server.terminate(); server.waitUntilExit() }
        let tokenized = try httpRequest(port: port, path: "/v1/d/pii/tokenize", headers: headers,
                                        body: #"{"data":{"a":"alice@example.org","b":"bob@example.org"}}"#)
        let tokens = try XCTUnwrap(tokenized.json["tokens"] as? [String: String])
        var profiles: [String] = []
        for n in 0..<40 {
            let profile = try httpRequest(port: port, path: "/v1/d/pii/profiles", headers: profileHeaders,
                                          body: #"{"email":"p\#(n)@example.org","full_name":"P \#(n)"}"#)
            XCTAssertEqual(profile.status, 201, profile.text)
            profiles.append(try XCTUnwrap(profile.json["id"] as? String))
        }
        // The backup taken before the rotation (kept, say, longer than it should have been).
        let backup = try run(["backup", "--to", root + "/backup"] + admin)
        XCTAssertEqual(backup.status, 0, backup.output)

        func status() throws -> [[String: Any]] {
            let listed = try run(["keys", "status", "--region", "EU", "--json"] + admin)
            XCTAssertEqual(listed.status, 0, listed.output)
            let object = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any]
            return try XCTUnwrap(object?["keys"] as? [[String: Any]])
        }
        let before = try status()
        XCTAssertEqual(before.count, 1)
        let oldID = try XCTUnwrap(before[0]["id"] as? String)
        XCTAssertEqual(before[0]["rows"] as? Int, 41, "one data key and 40 profile keys")
        XCTAssertEqual(try run(["keys", "rotate", "--region", "EU", "--keys-dir", root + "/keys", "--data-dir", root + "/data",
                                "--yes"]).status, 0)
        // A data directory without the EU store (another vault on the same keys, a PostgreSQL node run without
        // --store) cannot tell what is wrapped: both refuse rather than count nothing and retire a key in use.
        XCTAssertEqual(try run(["tenant", "create", "other", "--data-dir", root + "/other", "--keys-dir", root + "/keys"]).status, 0)
        for command in [["keys", "rewrap", "--region", "EU"], ["keys", "retire", "--region", "EU", "--key-id", oldID]] {
            let blind = try run(command + ["--data-dir", root + "/other", "--keys-dir", root + "/keys"])
            XCTAssertEqual(blind.status, 1, blind.output)
            XCTAssertTrue(blind.output.contains("there is no EU store at \(root!)/other/vault-eu.sqlite"), blind.output)
        }
        let refused = try run(["keys", "retire", "--region", "EU", "--key-id", oldID] + admin)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.output.contains("41 stored keys are still wrapped under key \(oldID)"), refused.output)
        XCTAssertTrue(refused.output.contains("piivault keys rewrap --region EU"), refused.output)

        // Slowed to 20 keys a second so it can be killed half way; its progress comes as JSON lines.
        let slow = Process()
        slow.executableURL = URL(fileURLWithPath: binary)
        slow.arguments = ["keys", "rewrap", "--region", "EU", "--batch", "1", "--rate", "20"] + admin
        let output = Pipe()
        slow.standardOutput = output
        try slow.run()
        Thread.sleep(forTimeInterval: 1.2)
        kill(slow.processIdentifier, SIGKILL)
        slow.waitUntilExit()
        let progress = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let last = try XCTUnwrap(progress.split(separator: "\n").last, progress)
        let line = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        XCTAssertEqual(line?["total"] as? Int, 41, progress)
        XCTAssertNotNil(line?["elapsed_s"], progress)
        let halfway = try XCTUnwrap(try status().first { $0["id"] as? String == oldID }?["rows"] as? Int)
        XCTAssertTrue((1..<41).contains(halfway), "killed half way: \(halfway) of 41 left")

        let resumed = try run(["keys", "rewrap", "--region", "EU"] + admin)
        XCTAssertEqual(resumed.status, 0, resumed.output)
        XCTAssertTrue(resumed.output.contains("re-wrapped \(halfway) keys of EU"), "exactly those left, none twice: \(resumed.output)")
        XCTAssertEqual(try status().first { $0["id"] as? String == oldID }?["rows"] as? Int, 0)

        let primary = try XCTUnwrap(try status().first { $0["primary"] as? Bool == true }?["id"] as? String)
        XCTAssertEqual(try run(["keys", "retire", "--region", "EU", "--key-id", primary] + admin).status, 1, "never the primary")
        let retired = try run(["keys", "retire", "--region", "EU", "--key-id", oldID] + admin)
        XCTAssertEqual(retired.status, 0, retired.output)
        let keyring = try String(contentsOfFile: root + "/keys/EU.keyring", encoding: .utf8)
        XCTAssertFalse(keyring.contains("key \(oldID)"), "the retired key's secret left the file")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: root + "/keys/EU.keyring")[.posixPermissions] as? Int, 0o600)
        XCTAssertEqual(try run(["audit", "verify"] + admin).status, 0)

        // The server that ran all along still reads everything.
        Thread.sleep(forTimeInterval: 1.1)
        let revealed = try httpRequest(port: port, path: "/v1/d/pii/detokenize", headers: headers,
                                       body: #"{"tokens":{"a":"\#(tokens["a"]!)","b":"\#(tokens["b"]!)"}}"#)
        XCTAssertEqual(revealed.json["data"] as? [String: String], ["a": "alice@example.org", "b": "bob@example.org"], revealed.text)
        XCTAssertEqual(try httpRequest(port: port, method: "GET", path: "/v1/d/pii/profiles/\(profiles[7])",
                                       headers: profileHeaders).status, 200)

        // The old backup restores (its audit chains still verify: their key never changes) and, served with today's
        // keyring, opens nothing: every key it holds was wrapped under the retired one.
        let restored = try run(["restore", "--from", root + "/backup", "--data-dir", root + "/old-copy", "--keys-dir", root + "/keys"])
        XCTAssertEqual(restored.status, 0, restored.output)
        XCTAssertTrue(restored.output.contains("erased 40 EU profiles whose keys were wrapped under retired keyring keys"),
                      restored.output)
        let (oldServer, oldPort, _) = try startServer(binary, ["serve", "--port", "0", "--data-dir", root + "/old-copy",
                                                               "--keys-dir", root + "/keys", "--log-level", "error"])
        defer { oldServer.terminate(); oldServer.waitUntilExit() }
        let fromCopy = try httpRequest(port: oldPort, path: "/v1/d/pii/detokenize", headers: headers,
                                       body: #"{"tokens":{"a":"\#(tokens["a"]!)","b":"\#(tokens["b"]!)"}}"#)
        XCTAssertEqual(fromCopy.json["errors"] as? [String: String], ["a": "token_not_found_error", "b": "token_not_found_error"],
                       fromCopy.text)
        XCTAssertEqual(try httpRequest(port: oldPort, method: "GET", path: "/v1/d/pii/profiles/\(profiles[7])",
                                       headers: profileHeaders).status, 404)
        // Erased, not broken: lists answer, and a customer of the old copy can be created again.
        let listed = try httpRequest(port: oldPort, method: "GET", path: "/v1/d/pii/profiles?count=5", headers: profileHeaders)
        XCTAssertEqual(listed.status, 200, listed.text)
        let again = try httpRequest(port: oldPort, path: "/v1/d/pii/profiles", headers: profileHeaders,
                                    body: #"{"email":"p7@example.org","full_name":"P 7"}"#)
        XCTAssertEqual(again.status, 201, again.text)
    }
}
