import Foundation
import HTTPTestSupport
import VaultStore
import XCTest

/// The real `piivault` binary: start-up refusals, graceful SIGTERM, and answered tokens surviving kill -9.
final class ProcessTests: XCTestCase {
    var root: String!

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "proc-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    var binary: String {
        // PIIVAULT_BIN runs these tests against another build (an older one, to see a regression test fail).
        if let other = ProcessInfo.processInfo.environment["PIIVAULT_BIN"] { return other }
        // The test bundle sits beside the products in the build directory.
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        return bundleDirectory + "/piivault"
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        // Every command run this way should finish at once; one that serves instead fails, not hangs.
        try runProcess(binary, arguments, timeout: 20)
    }

    /// Starts `serve` on a free port and waits until it answers; returns the process and port.
    func serve(_ extra: [String] = []) throws -> (Process, Int, Pipe) {
        try startServer(binary, ["serve", "--port", "0", "--data-dir", root + "/data", "--keys-dir", root + "/keys"] + extra)
    }

    func testRefusesToStartWithoutKeysOrWithExposedKeys() throws {
        _ = try prepare()
        // No US database yet: creating the keyring is the right advice.
        try FileManager.default.removeItem(atPath: root + "/keys/US.keyring")
        let missing = try run(["serve", "--port", "0", "--data-dir", root + "/data", "--keys-dir", root + "/keys"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.output.contains("missing"), missing.output)
        XCTAssertTrue(missing.output.contains("piivault keys init"), missing.output)
        XCTAssertEqual(try run(["keys", "init", "--keys-dir", root + "/keys"]).status, 0)
        chmod(root + "/keys/US.keyring", 0o644)
        let exposed = try run(["serve", "--port", "0", "--data-dir", root + "/data", "--keys-dir", root + "/keys"])
        XCTAssertEqual(exposed.status, 1)
        XCTAssertTrue(exposed.output.contains("readable by group or others"), exposed.output)
        // An EU-only node does not need the US keyring at all.
        try FileManager.default.removeItem(atPath: root + "/keys/US.keyring")
        let (process, port, _) = try serve(["--regions", "EU"])
        XCTAssertEqual(try httpRequest(port: port, method: "GET", path: "/healthz").status, 200)
        process.terminate()
        process.waitUntilExit()
    }

    /// keys init, tenant create acme, and a tokenize+detokenize key; returns the request headers.
    func prepare() throws -> [String: String] {
        XCTAssertEqual(try run(["keys", "init", "--keys-dir", root + "/keys"]).status, 0)
        XCTAssertEqual(try run(["tenant", "create", "acme", "--data-dir", root + "/data", "--keys-dir", root + "/keys"]).status, 0)
        let created = try run(["apikey", "create", "--data-dir", root + "/data", "--keys-dir", root + "/keys", "--tenant", "acme",
                               "--scopes", "tokenize,detokenize", "--name", "test"])
        XCTAssertEqual(created.status, 0)
        let secret = String(created.output.split(separator: "\n").last ?? "")
        XCTAssertTrue(secret.hasPrefix("pvk_"), created.output)
        return ["Tenant": "acme", "Content-Type": "application/json", "Authorization": "Bearer " + secret]
    }

    func testAdminCommands() throws {
        let headers = try prepare()
        let secret = String(headers["Authorization"]!.dropFirst(7))
        XCTAssertEqual(try run(["tenant", "create", "acme", "--data-dir", root + "/data", "--keys-dir", root + "/keys"]).status, 1, "no duplicate tenant")
        XCTAssertEqual(try run(["apikey", "create", "--data-dir", root + "/data", "--keys-dir", root + "/keys", "--tenant", "nobody", "--scopes", "tokenize"]).status, 1)
        let listed = try run(["apikey", "list", "--data-dir", root + "/data", "--keys-dir", root + "/keys", "--json"])
        XCTAssertEqual(listed.status, 0)
        XCTAssertFalse(listed.output.contains(String(secret.suffix(43))), "list never shows a secret")
        let object = try JSONSerialization.jsonObject(with: Data(listed.output.split(separator: "\n")[0].utf8)) as? [String: Any]
        XCTAssertEqual(object?["tenant"] as? String, "acme")
        XCTAssertEqual(object?["name"] as? String, "test")
        XCTAssertEqual(object?["scopes"] as? [String], ["detokenize", "tokenize"])
        let id = try XCTUnwrap(object?["id"] as? String)
        XCTAssertEqual(try run(["apikey", "revoke", id, "--data-dir", root + "/data", "--keys-dir", root + "/keys"]).status, 0)
        XCTAssertEqual(try run(["apikey", "revoke", id, "--data-dir", root + "/data", "--keys-dir", root + "/keys"]).status, 1, "already revoked")
        XCTAssertTrue(try run(["apikey", "list", "--data-dir", root + "/data", "--keys-dir", root + "/keys"]).output.contains("revoked"))

        // Every administration step is on the control chain, which verifies, and fails once edited.
        let verify = ["audit", "verify", "--data-dir", root + "/data", "--keys-dir", root + "/keys"]
        let good = try run(verify)
        XCTAssertEqual(good.status, 0, good.output)
        XCTAssertTrue(good.output.contains("control: 3 records, intact"), good.output)
        let tail = try run(["audit", "tail", "--data-dir", root + "/data", "--keys-dir", root + "/keys", "-n", "2"])
        let lines = tail.output.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, tail.output)
        XCTAssertTrue(lines[1].contains("\"operation\":\"apikey.revoke\""), tail.output)
        try Database(path: root + "/data/control.sqlite").execute("UPDATE audit SET tenant = 'mallory' WHERE seq = 2")
        let bad = try run(verify)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.output.contains("control: BROKEN at record 2"), bad.output)
    }

    func testSweepPrintsOneLinePerRegionNextToARunningServer() throws {
        _ = try prepare()
        let sweep = ["sweep", "--data-dir", root + "/data", "--keys-dir", root + "/keys", "--now", "2030-01-01T00:00:00Z"]
        // The stores are created by the first server start; without them there is nothing to sweep.
        XCTAssertEqual(try run(sweep).output, "")
        let (server, _, _) = try serve(["--log-level", "warning"])
        defer { server.terminate(); server.waitUntilExit() }
        let lines = try run(sweep + ["--dry-run"]).output.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, lines.joined(separator: "\n"))
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        XCTAssertEqual(first?["region"] as? String, "EU")
        XCTAssertEqual(first?["dry_run"] as? Bool, true)
        XCTAssertEqual(first?["now"] as? String, "2030-01-01T00:00:00.000Z")
        for key in ["expired_tokens", "expired_data", "deleted_profiles"] { XCTAssertEqual(first?[key] as? Int, 0, key) }
        let real = try run(sweep)
        XCTAssertEqual(real.status, 0, real.output)
        XCTAssertTrue(real.output.contains("\"wal_checkpointed\":"), real.output)
        XCTAssertEqual(try run(["sweep", "--data-dir", root + "/data", "--keys-dir", root + "/nokeys"]).status, 1,
                       "a region without its keyring cannot be swept (its audit chain needs it)")
    }

    func testSigtermStopsCleanly() throws {
        let headers = try prepare()
        let (process, port, pipe) = try serve()
        let response = try httpRequest(port: port, path: "/v1/d/pii/tokenize", headers: headers,
                                       body: #"{"data":{"a":"b"}}"#)
        XCTAssertEqual(response.status, 200)
        // Crash output must never dump registers or memory (they may hold PII or keys). An operator's own
        // SWIFT_BACKTRACE is respected, so this holds only when the test's environment sets none.
        if ProcessInfo.processInfo.environment["SWIFT_BACKTRACE"] == nil {
            let environment = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(process.processIdentifier)/environ"))) ?? Data()
            XCTAssertTrue(String(decoding: environment, as: UTF8.self).contains("SWIFT_BACKTRACE=" + "enable=yes,interactive=no,registers=none"))
        }
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(log.contains("\"msg\":\"stopped\""), log)
    }

    func testAnsweredTokensSurviveKill9() throws {
        let headers = try prepare()
        let (process, port, _) = try serve(["--log-level", "warning"])
        let acknowledged = Acknowledged()
        let stop = DispatchTime.now() + .milliseconds(1500)
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            var i = 0
            while DispatchTime.now() < stop {
                let value = "w\(worker)-\(i)"
                i += 1
                guard let response = try? httpRequest(port: port, path: "/v1/d/pii/tokenize", headers: headers,
                                                      body: #"{"data":{"v":"\#(value)"}}"#),
                      let token = response.tokens["v"] else { continue }
                acknowledged.add(token, value)
            }
        }
        kill(process.processIdentifier, SIGKILL)
        let answered = acknowledged.all
        process.waitUntilExit()
        XCTAssertGreaterThan(answered.count, 50)
        let (again, newPort, _) = try serve(["--log-level", "warning"])
        defer { again.terminate(); again.waitUntilExit() }
        var lost = 0
        for chunk in stride(from: 0, to: answered.count, by: 25) {
            let slice = answered[chunk..<min(chunk + 25, answered.count)]
            let tokens = Dictionary(uniqueKeysWithValues: slice.enumerated().map { ("k\($0.offset)", $0.element.0) })
            let body = String(decoding: try JSONSerialization.data(withJSONObject: ["tokens": tokens]), as: UTF8.self)
            let response = try httpRequest(port: newPort, path: "/v1/d/pii/detokenize", headers: headers, body: body)
            let data = response.json["data"] as? [String: String] ?? [:]
            for (offset, pair) in slice.enumerated() where data["k\(offset)"] != pair.1 { lost += 1 }
        }
        XCTAssertEqual(lost, 0, "\(answered.count) acknowledged, \(lost) lost")
    }
}

extension TestResponse {
    var tokens: [String: String] { json["tokens"] as? [String: String] ?? [:] }
}

final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var pairs: [(String, String)] = []
    func add(_ token: String, _ value: String) { lock.lock(); pairs.append((token, value)); lock.unlock() }
    var all: [(String, String)] { lock.lock(); defer { lock.unlock() }; return pairs }
}
