import Foundation
import HTTPTestSupport
import XCTest

/// What an operator gets wrong first: a mistyped data directory, or the keys of another vault.
extension ProcessTests {
    private var keys: [String] { ["--keys-dir", root + "/keys"] }
    private var data: [String] { ["--data-dir", root + "/data"] }

    /// Every command that works on an existing vault, with `dataDir` and `keysDir`.
    private func vaultCommands(data dataDir: String, keys keysDir: String) -> [[String]] {
        let d = ["--data-dir", dataDir], k = ["--keys-dir", keysDir]
        return [["apikey", "list"] + d + k, ["apikey", "create", "--tenant", "acme", "--scopes", "tokenize"] + d + k,
                ["apikey", "revoke", "0123456789abcdef"] + d + k, ["audit", "verify"] + d + k, ["audit", "tail"] + d + k,
                ["sweep"] + d + k, ["serve", "--port", "0"] + d + k]
    }

    func testAMistypedDataDirectoryIsReportedNotCreated() throws {
        _ = try prepare()
        let typo = root + "/dta"
        for command in vaultCommands(data: typo, keys: root + "/keys") {
            let result = try run(command)
            XCTAssertEqual(result.status, 1, "\(command.joined(separator: " ")): \(result.output)")
            XCTAssertTrue(result.output.contains("no vault at \(typo)") && result.output.contains("piivault tenant create"),
                          "\(command.joined(separator: " ")): \(result.output)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: typo), "\(command.joined(separator: " ")) created \(typo)")
        }
        // Starting a vault is tenant create's job.
        XCTAssertEqual(try run(["tenant", "create", "other", "--data-dir", typo] + keys).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: typo + "/control.sqlite"))
    }

    func testServeSaysWhichDirectoriesItServes() throws {
        _ = try prepare()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", "0", "--log-level", "warning"] + data + keys
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        var log = ""
        while !log.contains("\"port\":"), case let chunk = pipe.fileHandleForReading.availableData, !chunk.isEmpty {
            log += String(decoding: chunk, as: UTF8.self)
        }
        process.terminate()
        process.waitUntilExit()
        let listening = log.split(separator: "\n").first { $0.contains("\"listening\"") } ?? ""
        XCTAssertTrue(listening.contains("\"data_dir\":\"\(root!)/data\"") && listening.contains("\"keys_dir\":\"\(root!)/keys\""),
                      String(log.prefix(2_000)))
    }

    func testKeysOfAnotherVaultAreRefusedByEveryCommandAndLeaveNoTrace() throws {
        let headers = try prepare()
        let (server, port, _) = try serve(["--log-level", "warning"])
        let token = try httpRequest(port: port, path: "/v1/d/pii/tokenize", headers: headers,
                                    body: #"{"data":{"e":"kept@example.org"}}"#).tokens["e"]
        _ = try httpRequest(port: port, method: "PUT", path: "/setup/stores/s1", headers: headers, body: "{}")
        server.terminate()
        server.waitUntilExit()
        let wrong = root + "/wrong-keys"
        // The advice a missing keyring gives: here it would make keys that cannot open this data.
        let missing = try run(["serve", "--port", "0"] + data + ["--keys-dir", wrong])
        XCTAssertEqual(missing.status, 1)
        XCTAssertFalse(missing.output.contains("keys init"), missing.output)
        XCTAssertTrue(missing.output.contains("holds data sealed under it"), missing.output)
        XCTAssertEqual(try run(["keys", "init", "--keys-dir", wrong]).status, 0)
        for command in vaultCommands(data: root + "/data", keys: wrong) + [["tenant", "create", "other"] + data + ["--keys-dir", wrong]] {
            let result = try run(command)
            XCTAssertEqual(result.status, 1, "\(command.joined(separator: " ")): \(result.output)")
            XCTAssertTrue(result.output.contains("does not match") && result.output.contains(wrong + "/")
                              && result.output.contains(root + "/data/"),
                          "\(command.joined(separator: " ")): \(result.output)")
        }
        // With the right keys everything is as it was: the value opens and every chain verifies.
        let verify = try run(["audit", "verify"] + data + keys)
        XCTAssertEqual(verify.status, 0, verify.output)
        let (again, newPort, _) = try serve(["--log-level", "warning"])
        defer { again.terminate(); again.waitUntilExit() }
        let opened = try httpRequest(port: newPort, path: "/v1/d/pii/detokenize", headers: headers,
                                     body: #"{"tokens":{"e":"\#(token ?? "")"}}"#)
        XCTAssertEqual((opened.json["data"] as? [String: String])?["e"], "kept@example.org", opened.text)
    }
}
