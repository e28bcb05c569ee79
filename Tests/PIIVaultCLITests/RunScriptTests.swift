import Foundation
import HTTPTestSupport
import XCTest

/// `scripts/run`, the README's first command, with the binary this suite built (PIIVAULT_BIN) and scratch data
/// and keys directories: a banner only for a server of its own that answers, the port from PORT or --port, and
/// one development key kept across runs.
final class RunScriptTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/piivault"
    var scratch: String!
    var running: [Process] = []

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else {
            throw XCTSkip("curl is not installed (scripts/setup installs it)")
        }
        scratch = NSTemporaryDirectory() + "run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() {
        for process in running where process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: scratch)
    }

    func arguments(_ vault: String, _ extra: [String]) -> [String] {
        let directory: String = scratch + "/" + vault
        return extra + ["--data-dir", directory + "/data", "--keys-dir", directory + "/Keys"]
    }

    /// Starts scripts/run and waits (up to 60 s) for its banner; returns the process, the port the banner names
    /// and the key it prints. Fails the test with the script's output when it exits instead.
    func start(_ vault: String, environment: [String] = ["PORT=0"], _ extra: [String] = []) throws -> (Process, Int, String) {
        let log = scratch + "/\(vault)-\(running.count).log"
        FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["PIIVAULT_BIN=" + binary] + environment + [root + "/scripts/run"] + arguments(vault, extra)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardError = process.standardOutput
        try process.run()
        running.append(process)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let banner = text.range(of: #"PIIVault is serving on http://127\.0\.0\.1:\d+ "#, options: .regularExpression),
               let key = text.range(of: #"\npvk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}\n"#, options: .regularExpression) {
                let port = Int(text[banner].split(separator: ":").last!.dropLast())!
                return (process, port, String(text[key].dropFirst().dropLast()))
            }
            if !process.isRunning {
                throw Failure(output: text)
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw Failure(output: "no banner within 60 seconds")
    }

    func stop(_ process: Process) {
        process.terminate()
        process.waitUntilExit()
    }

    func cli(_ arguments: [String]) throws -> String {
        let result = try runProcess(binary, arguments, timeout: 20)
        XCTAssertEqual(result.status, 0, result.output)
        return result.output
    }

    /// The active keys of tenant dev that scripts/run made, by id.
    func runKeys(_ vault: String) throws -> [String] {
        try cli(["apikey", "list", "--json", "--data-dir", scratch + "/" + vault + "/data", "--keys-dir", scratch + "/" + vault + "/Keys"])
            .split(separator: "\n").compactMap { line in
                let key = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                guard key?["tenant"] as? String == "dev", (key?["name"] as? String)?.hasPrefix("scripts/run") == true,
                      key?["revoked"] as? Bool == false else { return nil }
                return key?["id"] as? String
            }
    }

    func id(of key: String) -> String { String(key.split(separator: "_")[1]) }

    func testABusyPortEndsWithTheServersErrorAndNoBanner() throws {
        // Another server answering /healthz on the port: the old script took its answer for its own server's.
        let (occupant, port, _) = try start("first")
        let second = try runProcess("/usr/bin/env", ["PIIVAULT_BIN=" + binary, "PORT=\(port)", root + "/scripts/run"]
                                        + arguments("second", []), timeout: 60)
        stop(occupant)
        XCTAssertEqual(second.status, 1, second.output)
        XCTAssertTrue(second.output.contains("Address already in use"), "the server's own error: " + second.output)
        XCTAssertTrue(second.output.contains("port \(port) is in use"), second.output)
        XCTAssertFalse(second.output.contains("PIIVault is serving"), second.output)
        XCTAssertFalse(second.output.contains("pvk_"), "no key is shown for a server that is not running: " + second.output)
    }

    func testRepeatedRunsKeepOneDevelopmentKeyAndTakeThePortFromTheArguments() throws {
        let (first, port, key) = try start("vault")
        stop(first)
        let keyFile = scratch + "/vault/Keys/dev.apikey"
        XCTAssertEqual(try String(contentsOfFile: keyFile, encoding: .utf8), key + "\n")
        let mode = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        // Keys an older scripts/run made on each run, and a key of the user's own.
        let data = scratch + "/vault/data", keys = scratch + "/vault/Keys"
        _ = try cli(["apikey", "create", "--data-dir", data, "--keys-dir", keys, "--tenant", "dev", "--scopes", "tokenize",
                     "--name", "scripts/run 2026-01-01T00:00:00Z"])
        let mine = try cli(["apikey", "create", "--data-dir", data, "--keys-dir", keys, "--tenant", "dev", "--scopes", "tokenize",
                            "--name", "mine"]).split(separator: "\n").last.map(String.init) ?? ""

        // --port is the port (PORT, which would not even parse, loses to it), and the key is the same one.
        let (second, samePort, again) = try start("vault", environment: ["PORT=not-a-port"], ["--port", "\(port)"])
        XCTAssertEqual(samePort, port)
        XCTAssertEqual(try httpRequest(port: port, method: "GET", path: "/healthz").status, 200)
        XCTAssertEqual(again, key, "a second run reuses the key of the first")
        XCTAssertEqual(try runKeys("vault"), [id(of: key)], "one development key is left")
        let theirs = try httpRequest(port: port, method: "GET", path: "/v1/d/pii/audit?count=1",
                                     headers: ["Authorization": "Bearer " + mine, "Tenant": "dev"])
        XCTAssertEqual(theirs.status, 403, "the user's own key is kept (it lacks audit:read, so 403, not 401)")
        stop(second)

        // A key the vault no longer accepts is replaced, in the file too.
        _ = try cli(["apikey", "revoke", id(of: key), "--data-dir", data, "--keys-dir", keys])
        let (third, _, replaced) = try start("vault")
        stop(third)
        XCTAssertNotEqual(replaced, key)
        XCTAssertEqual(try String(contentsOfFile: keyFile, encoding: .utf8), replaced + "\n")
        XCTAssertEqual(try runKeys("vault"), [id(of: replaced)])
    }

    func testOptionsItPassesItselfAreNeverGivenTwice() throws {
        let twice = try runProcess("/usr/bin/env", ["PIIVAULT_BIN=" + binary, root + "/scripts/run", "--port", "1", "--port=2"],
                                   timeout: 20)
        XCTAssertEqual(twice.status, 2, twice.output)
        XCTAssertTrue(twice.output.contains("scripts/run: --port given twice"), twice.output)
        let (process, _, _) = try start("vault", ["--regions", "EU"])
        stop(process)
        let log = try String(contentsOfFile: scratch + "/vault-0.log", encoding: .utf8)
        XCTAssertTrue(log.contains(#""regions":"EU","#), "other options reach serve: " + log)
    }

    func testGitNeverTakesKeyMaterial() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/git"),
              FileManager.default.fileExists(atPath: root + "/.git") else { throw XCTSkip("not a git checkout") }
        for path in ["Keys/EU.keyring", "Keys/control.keyring", "Keys/dev.apikey", "test-keys/US.keyring", "other/dev.apikey"] {
            let result = try runProcess("/usr/bin/git", ["-C", root, "check-ignore", "--no-index", "-q", path])
            XCTAssertEqual(result.status, 0, "\(path) must be ignored by git")
        }
        XCTAssertEqual(try runProcess("/usr/bin/git", ["-C", root, "check-ignore", "--no-index", "-q", "Keys/README.md"]).status, 1)
    }

    struct Failure: Error, CustomStringConvertible {
        let output: String
        var description: String { "scripts/run did not serve: " + output }
    }
}
